package dev.agentserve.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the Lua scripts once, at class initialisation, from {@code redis/<name>.lua}. A
 * line {@code --@include <lib>} is replaced by {@code redis/lib/<lib>.lua}, so the
 * helpers every script needs (owner check, fence check, TTL slide capped by the session's
 * deadline, append + notice) exist once. Scripts are given to Spring as text: a script
 * built from a resource re-reads the jar on every call.
 */
public final class LuaScripts {

	private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include ([a-z-]+)\\s*$");

	private LuaScripts() {
	}

	public static <T> RedisScript<T> load(String name, Class<T> resultType) {
		return RedisScript.of(text(name), resultType);
	}

	static String text(String name) {
		String source = read("redis/" + name + ".lua");
		Matcher includes = INCLUDE.matcher(source);
		StringBuilder expanded = new StringBuilder();
		while (includes.find()) {
			includes.appendReplacement(expanded,
					Matcher.quoteReplacement(read("redis/lib/" + includes.group(1) + ".lua")));
		}
		includes.appendTail(expanded);
		return expanded.toString();
	}

	private static String read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Missing Lua script " + path, ex);
		}
	}

}
