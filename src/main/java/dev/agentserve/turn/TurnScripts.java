package dev.agentserve.turn;

import java.util.List;

import dev.agentserve.persistence.LuaScripts;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts that keep a turn's writes atomic and fenced (all keys share one slot).
 */
final class TurnScripts {

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> START = script("turn-start", List.class);

	static final RedisScript<Long> APPEND = script("turn-append", Long.class);

	static final RedisScript<Long> FINISH = script("turn-finish", Long.class);

	static final RedisScript<Long> RENEW = script("turn-renew", Long.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> CANCEL = script("turn-cancel", List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> RUNNING_RESERVE = script("running-reserve", List.class);

	static final RedisScript<Long> RUNNING_PUT = script("running-put", Long.class);

	static final RedisScript<Long> RUNNING_RELEASE = script("running-release", Long.class);

	static final RedisScript<Long> INTERRUPT = script("turn-interrupt", Long.class);

	private TurnScripts() {
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return LuaScripts.load(name, resultType);
	}

}
