package dev.agentserve.tool.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads hosts that are addresses, in every spelling a resolver might accept: IPv6
 * literals and IPv4 in the {@code inet_aton} forms (one to four parts, each decimal,
 * octal with a leading 0, or hex with 0x: {@code 2130706433}, {@code 0x7f.1},
 * {@code 0177.0.0.1}). A host that looks numeric but is none of these is refused rather
 * than handed to DNS.
 */
final class NumericHost {

	private static final Pattern NUMERIC_LOOKING = Pattern.compile("[0-9a-fx.]+");

	private NumericHost() {
	}

	/**
	 * The address the host spells, null for a name, or an exception for a malformed
	 * number.
	 */
	static @Nullable InetAddress parse(String host) throws UnknownHostException {
		String lower = host.toLowerCase(Locale.ROOT);
		if (lower.startsWith("[") && lower.endsWith("]")) {
			return InetAddress.getByName(lower.substring(1, lower.length() - 1));
		}
		if (lower.contains(":")) {
			return InetAddress.getByName(lower);
		}
		if (!NUMERIC_LOOKING.matcher(lower).matches() || !Character.isDigit(lower.charAt(0))) {
			return null;
		}
		String[] parts = lower.split("\\.", -1);
		if (parts.length > 4) {
			throw new UnknownHostException("Malformed numeric host " + host);
		}
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			values[i] = number(parts[i], host);
		}
		long address = 0;
		for (int i = 0; i < parts.length - 1; i++) {
			if (values[i] > 255) {
				throw new UnknownHostException("Malformed numeric host " + host);
			}
			address = (address << 8) | values[i];
		}
		int lastBits = 8 * (5 - parts.length);
		if (values[parts.length - 1] >= (1L << lastBits)) {
			throw new UnknownHostException("Malformed numeric host " + host);
		}
		address = (address << lastBits) | values[parts.length - 1];
		return InetAddress.getByAddress(new byte[] { (byte) (address >>> 24), (byte) (address >>> 16),
				(byte) (address >>> 8), (byte) address });
	}

	private static long number(String part, String host) throws UnknownHostException {
		try {
			if (part.startsWith("0x")) {
				return Long.parseLong(part.substring(2), 16);
			}
			if (part.length() > 1 && part.startsWith("0")) {
				return Long.parseLong(part.substring(1), 8);
			}
			return Long.parseLong(part);
		}
		catch (NumberFormatException ex) {
			throw new UnknownHostException("Malformed numeric host " + host);
		}
	}

}
