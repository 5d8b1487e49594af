package dev.agentserve.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

/** Real images of a given pixel size, written by the JDK's ImageIO (WebP by hand). */
public final class TestImages {

	private TestImages() {
	}

	/** A PNG, JPEG or GIF ({@code png}, {@code jpeg}, {@code gif}). */
	public static byte[] of(String format, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, 0xFF8800);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, format, out)) {
				throw new IllegalArgumentException("ImageIO cannot write " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * The header of an extended WebP (RIFF, WEBP, a VP8X chunk with the canvas size),
	 * which is where a WebP reader finds the size.
	 */
	public static byte[] webp(int width, int height) {
		byte[] bytes = new byte[30];
		put(bytes, 0, "RIFF");
		le(bytes, 4, 22, 4);
		put(bytes, 8, "WEBPVP8X");
		le(bytes, 16, 10, 4);
		le(bytes, 24, width - 1, 3);
		le(bytes, 27, height - 1, 3);
		return bytes;
	}

	public static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static void put(byte[] bytes, int offset, String ascii) {
		for (int i = 0; i < ascii.length(); i++) {
			bytes[offset + i] = (byte) ascii.charAt(i);
		}
	}

	private static void le(byte[] bytes, int offset, int value, int length) {
		for (int i = 0; i < length; i++) {
			bytes[offset + i] = (byte) (value >>> (8 * i));
		}
	}

}
