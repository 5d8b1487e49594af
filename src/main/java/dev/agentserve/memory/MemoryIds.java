package dev.agentserve.memory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Memory ids: {@code mem_}, the creation time (12 hex digits of epoch ms) and 64 random
 * bits, so ids sort by creation time and the index lists newest first by id alone.
 */
final class MemoryIds {

	private static final Pattern WELL_FORMED = Pattern.compile("mem_[0-9a-f]{28}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private MemoryIds() {
	}

	static String next(long epochMillis) {
		byte[] random = new byte[8];
		RANDOM.nextBytes(random);
		return "mem_" + String.format("%012x", epochMillis) + HexFormat.of().formatHex(random);
	}

	static boolean isWellFormed(String id) {
		return WELL_FORMED.matcher(id).matches();
	}

}
