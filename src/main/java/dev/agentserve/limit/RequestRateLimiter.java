package dev.agentserve.limit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.agentserve.persistence.KeyspaceProperties;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Per-user request buckets in Redis (Bucket4j on Lettuce), so the limit holds across
 * replicas. The proxy manager is built on first use (it connects, and the service must
 * start without Redis) and dropped when the context stops.
 */
@Component
class RequestRateLimiter implements SmartLifecycle {

	private final LettuceConnectionFactory connectionFactory;

	private final String prefix;

	private final Map<Integer, BucketConfiguration> configurations = new ConcurrentHashMap<>();

	private final AtomicReference<AsyncProxyManager<byte[]>> buckets = new AtomicReference<>();

	private volatile boolean running;

	RequestRateLimiter(LettuceConnectionFactory connectionFactory, KeyspaceProperties keyspace) {
		this.connectionFactory = connectionFactory;
		this.prefix = keyspace.keyPrefix() + "rate:";
	}

	/**
	 * Takes one token from the bucket of {@code kind}/{@code id} refilled at
	 * {@code perMinute}: how long to wait when it is empty, else zero. The limit is part
	 * of the key, so a changed limit takes effect at once, on fresh buckets.
	 */
	Mono<Duration> acquire(String kind, String id, int perMinute) {
		BucketConfiguration configuration = this.configurations.computeIfAbsent(perMinute,
				(rate) -> BucketConfiguration.builder()
					.addLimit((limit) -> limit.capacity(rate).refillGreedy(rate, Duration.ofMinutes(1)))
					.build());
		byte[] key = (this.prefix + perMinute + "pm:" + kind + ":" + id).getBytes(StandardCharsets.UTF_8);
		return manager().flatMap((manager) -> Mono.fromFuture(() -> manager.builder()
			.build(key, () -> CompletableFuture.completedFuture(configuration))
			.tryConsumeAndReturnRemaining(1))).map(RequestRateLimiter::wait);
	}

	private static Duration wait(ConsumptionProbe probe) {
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private Mono<AsyncProxyManager<byte[]>> manager() {
		AsyncProxyManager<byte[]> existing = this.buckets.get();
		if (existing != null) {
			return Mono.just(existing);
		}
		return Mono.fromCallable(() -> {
			synchronized (this.buckets) {
				AsyncProxyManager<byte[]> created = this.buckets.get();
				if (created == null) {
					created = build();
					this.buckets.set(created);
				}
				return created;
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private AsyncProxyManager<byte[]> build() {
		ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy
			.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
		Object client = this.connectionFactory.getNativeClient();
		if (client instanceof RedisClusterClient cluster) {
			return Bucket4jLettuce.casBasedBuilder(cluster).expirationAfterWrite(expiry).build().asAsync();
		}
		return Bucket4jLettuce.casBasedBuilder((RedisClient) client).expirationAfterWrite(expiry).build().asAsync();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.buckets.set(null);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
