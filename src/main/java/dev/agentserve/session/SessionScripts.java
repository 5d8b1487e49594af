package dev.agentserve.session;

import java.util.List;

import dev.agentserve.persistence.LuaScripts;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts that keep multi-key session updates atomic (all keys share one hash
 * slot).
 */
final class SessionScripts {

	static final RedisScript<Long> CREATE = script("session-create", Long.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> OPEN = script("session-open", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> DELETE = script("session-delete", List.class);

	static final RedisScript<Long> INDEX_PUT = script("index-put", Long.class);

	private SessionScripts() {
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return LuaScripts.load(name, resultType);
	}

}
