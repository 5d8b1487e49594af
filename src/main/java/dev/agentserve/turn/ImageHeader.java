package dev.agentserve.turn;

import org.jspecify.annotations.Nullable;

/**
 * What an image's first bytes say: its format (by magic bytes, not by what the client
 * declared) and its pixel size.
 */
record ImageHeader(String mediaType, int width, int height) {

	/** The header of a PNG, JPEG, WebP or GIF image; null for anything else. */
	static @Nullable ImageHeader read(byte[] bytes) {
		if (starts(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A) && bytes.length >= 24) {
			return new ImageHeader("image/png", int32(bytes, 16), int32(bytes, 20));
		}
		if (starts(bytes, 0, 'G', 'I', 'F', '8') && bytes.length >= 10) {
			return new ImageHeader("image/gif", le16(bytes, 6), le16(bytes, 8));
		}
		if (starts(bytes, 0, 'R', 'I', 'F', 'F') && starts(bytes, 8, 'W', 'E', 'B', 'P') && bytes.length >= 30) {
			return webp(bytes);
		}
		if (starts(bytes, 0, 0xFF, 0xD8, 0xFF)) {
			return jpeg(bytes);
		}
		return null;
	}

	private static @Nullable ImageHeader webp(byte[] b) {
		if (starts(b, 12, 'V', 'P', '8', 'X')) {
			return new ImageHeader("image/webp", le24(b, 24) + 1, le24(b, 27) + 1);
		}
		if (starts(b, 12, 'V', 'P', '8', 'L') && (b[20] & 0xFF) == 0x2F) {
			int bits = le16(b, 21) | (le16(b, 23) << 16);
			return new ImageHeader("image/webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
		}
		if (starts(b, 12, 'V', 'P', '8', ' ') && starts(b, 23, 0x9D, 0x01, 0x2A)) {
			return new ImageHeader("image/webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
		}
		return null;
	}

	/** Walks the segments to the first start-of-frame, which holds the size. */
	private static @Nullable ImageHeader jpeg(byte[] b) {
		int i = 2;
		while (i + 9 < b.length) {
			if ((b[i] & 0xFF) != 0xFF) {
				return null;
			}
			int marker = b[i + 1] & 0xFF;
			if (marker == 0xFF) {
				i++;
				continue;
			}
			int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
			boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
					&& marker != 0xCC;
			if (startOfFrame) {
				int height = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
				int width = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
				return new ImageHeader("image/jpeg", width, height);
			}
			i += 2 + length;
		}
		return null;
	}

	private static boolean starts(byte[] bytes, int offset, int... expected) {
		if (bytes.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if ((bytes[offset + i] & 0xFF) != expected[i]) {
				return false;
			}
		}
		return true;
	}

	private static int int32(byte[] b, int i) {
		return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
	}

	private static int le16(byte[] b, int i) {
		return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
	}

	private static int le24(byte[] b, int i) {
		return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
	}

}
