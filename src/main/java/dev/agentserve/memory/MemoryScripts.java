package dev.agentserve.memory;

import dev.agentserve.persistence.LuaScripts;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts of the memory stores (all keys of one user share a hash slot). */
final class MemoryScripts {

	static final RedisScript<Long> PUT = LuaScripts.load("memory-put", Long.class);

	static final RedisScript<Long> DELETE = LuaScripts.load("memory-delete", Long.class);

	static final RedisScript<Long> SUMMARY_PUT = LuaScripts.load("summary-put", Long.class);

	private MemoryScripts() {
	}

}
