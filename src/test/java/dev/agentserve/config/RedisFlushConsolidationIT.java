package dev.agentserve.config;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis commands issued on Lettuce's event loop while it reads replies (where a turn goes
 * on after each reply) reach Redis in one or two writes, not one each, and a command
 * issued alone, mid-read on that loop or from any other thread, is still sent at once:
 * none waits for a later command to carry it out. Redis counts the reads it made
 * ({@code total_reads_processed}).
 */
class RedisFlushConsolidationIT extends IntegrationTest {

	private static final int BURST = 200;

	private static final Duration ALONE = Duration.ofSeconds(3);

	@Autowired
	@Qualifier("controlRedis")
	private ReactiveStringRedisTemplate control;

	@Test
	void commandsIssuedWhileRepliesAreReadReachRedisTogether() {
		for (ReactiveStringRedisTemplate template : List.of(this.redis, this.control)) {
			String key = TestRedis.KEY_PREFIX + "flush-" + UUID.randomUUID();
			template.opsForValue().set(key, "0").block(Duration.ofSeconds(5));
			long before = readsProcessed();
			// The first reply's callback issues the burst, on the loop, mid-read.
			List<String> values = template.opsForValue()
				.get(key)
				.flatMapMany((first) -> Flux.range(0, BURST)
					.flatMap((i) -> template.opsForValue().get(key).defaultIfEmpty("missing"), BURST))
				.collectList()
				.block(Duration.ofSeconds(10));
			long reads = readsProcessed() - before;

			assertThat(values).hasSize(BURST).containsOnly("0");
			// One read for the first GET, one or a few for the burst (its first command
			// goes out at once, a large write may arrive in parts), one for INFO; a read
			// per command without consolidation.
			assertThat(reads).isLessThan(BURST / 10);
			template.delete(key).block(Duration.ofSeconds(5));
		}
	}

	@Test
	void aCommandIssuedAloneIsSentAtOnce() {
		for (ReactiveStringRedisTemplate template : List.of(this.redis, this.control)) {
			String key = TestRedis.KEY_PREFIX + "flush-alone-" + UUID.randomUUID();
			// From the test's thread, off the loop: each must answer on its own.
			for (int i = 0; i < 20; i++) {
				assertThat(template.opsForValue().increment(key).block(ALONE)).isEqualTo(i + 1);
			}
			// From each reply's callback, on the loop: the next command is the only one
			// written in that read pass, so only the end of the pass can send it.
			Long last = Flux.range(0, 20)
				.concatMap((i) -> template.opsForValue().increment(key).timeout(ALONE))
				.last()
				.block(Duration.ofSeconds(10));
			assertThat(last).isEqualTo(40);
			template.delete(key).block(Duration.ofSeconds(5));
		}
	}

	private long readsProcessed() {
		return Long.parseLong(this.redis.getConnectionFactory()
			.getReactiveConnection()
			.serverCommands()
			.info("stats")
			.block(Duration.ofSeconds(5))
			.getProperty("total_reads_processed"));
	}

}
