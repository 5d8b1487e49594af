package dev.agentserve.persistence;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import dev.agentserve.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Lua script of the service, with its helpers included, compiles on a real Redis.
 */
class LuaScriptsIT {

	@Test
	void everyScriptCompilesWithItsHelpers() throws IOException {
		List<String> names = scriptNames();
		assertThat(names).contains("turn-start", "turn-append", "turn-finish", "running-reserve", "approval-decide");
		RedisClient client = RedisClient.create(TestRedis.url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String name : names) {
				String text = LuaScripts.text(name);
				assertThat(text).as(name).doesNotContain("--@include");
				// SCRIPT LOAD compiles the script without running it.
				assertThat(connection.sync().scriptLoad(text)).as(name).hasSize(40);
			}
		}
		finally {
			client.shutdown();
		}
	}

	private static List<String> scriptNames() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath:redis/*.lua");
		return Arrays.stream(scripts)
			.map(Resource::getFilename)
			.map((file) -> file.substring(0, file.length() - ".lua".length()))
			.sorted()
			.toList();
	}

}
