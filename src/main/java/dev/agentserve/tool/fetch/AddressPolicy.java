package dev.agentserve.tool.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses {@code http_fetch} may connect to: public unicast only. Blocks
 * loopback, private, link-local (cloud metadata), CGNAT, multicast, unspecified,
 * broadcast, reserved and documentation ranges, IPv6 unique-local, link-local, site-local
 * and multicast, and every IPv6 form that carries an IPv4 address (mapped, compatible,
 * 6to4, NAT64, Teredo) when that address is blocked (Teredo always).
 */
final class AddressPolicy {

	private AddressPolicy() {
	}

	static boolean blocked(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return blockedV4(bytes, 0);
		}
		if (address instanceof Inet6Address) {
			return blockedV6(bytes);
		}
		return true;
	}

	private static boolean blockedV4(byte[] b, int at) {
		int a0 = b[at] & 0xff;
		int a1 = b[at + 1] & 0xff;
		int a2 = b[at + 2] & 0xff;
		return a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224 // this network, private,
																// loopback, multicast,
																// reserved, broadcast
				|| (a0 == 100 && a1 >= 64 && a1 <= 127) // CGNAT
				|| (a0 == 169 && a1 == 254) // link-local, cloud metadata
				|| (a0 == 172 && a1 >= 16 && a1 <= 31) // private
				|| (a0 == 192 && a1 == 168) // private
				|| (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol,
																	// TEST-NET-1
				|| (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay
				|| (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
				|| (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
				|| (a0 == 203 && a1 == 0 && a2 == 113); // TEST-NET-3
	}

	private static boolean blockedV6(byte[] b) {
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0xff || (first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0x80)
				|| (first == 0xfe && (second & 0xc0) == 0xc0)) {
			return true; // multicast, unique-local, link-local, site-local
		}
		if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
			return true; // Teredo hides an IPv4 address we cannot check reliably
		}
		if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
			return true; // documentation
		}
		if (first == 0x20 && second == 0x02) {
			return blockedV4(b, 2); // 6to4
		}
		if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
			return allZero(b, 4, 12) ? blockedV4(b, 12) : true; // NAT64, well-known or
																// local-use
		}
		if (allZero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff))) {
			return blockedV4(b, 12); // compatible (::a.b.c.d, also :: and ::1) or mapped
		}
		return false;
	}

	private static boolean allZero(byte[] b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
