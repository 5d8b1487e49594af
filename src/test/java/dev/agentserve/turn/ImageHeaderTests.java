package dev.agentserve.turn;

import dev.agentserve.support.TestImages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Formats by magic bytes and pixel sizes from headers, for every supported format. */
class ImageHeaderTests {

	@Test
	void readsTheFormatAndSizeOfRealImages() {
		assertThat(ImageHeader.read(TestImages.of("png", 2, 3))).isEqualTo(new ImageHeader("image/png", 2, 3));
		assertThat(ImageHeader.read(TestImages.of("jpeg", 33, 17))).isEqualTo(new ImageHeader("image/jpeg", 33, 17));
		assertThat(ImageHeader.read(TestImages.of("gif", 9, 4))).isEqualTo(new ImageHeader("image/gif", 9, 4));
		assertThat(ImageHeader.read(TestImages.webp(1024, 768))).isEqualTo(new ImageHeader("image/webp", 1024, 768));
	}

	@Test
	void readsLosslessAndLossyWebp() {
		byte[] lossless = riff("VP8L");
		lossless[20] = 0x2F;
		int bits = (300 - 1) | ((200 - 1) << 14);
		for (int i = 0; i < 4; i++) {
			lossless[21 + i] = (byte) (bits >>> (8 * i));
		}
		assertThat(ImageHeader.read(lossless)).isEqualTo(new ImageHeader("image/webp", 300, 200));

		byte[] lossy = riff("VP8 ");
		lossy[23] = (byte) 0x9D;
		lossy[24] = 0x01;
		lossy[25] = 0x2A;
		lossy[26] = (byte) 64;
		lossy[28] = (byte) 48;
		assertThat(ImageHeader.read(lossy)).isEqualTo(new ImageHeader("image/webp", 64, 48));
	}

	@Test
	void anythingElseIsNoImage() {
		assertThat(ImageHeader.read("%PDF-1.7".getBytes())).isNull();
		assertThat(ImageHeader.read(new byte[0])).isNull();
		assertThat(ImageHeader.read(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF })).isNull();
		assertThat(ImageHeader.read("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes())).isNull();
	}

	private static byte[] riff(String chunk) {
		byte[] bytes = new byte[30];
		System.arraycopy("RIFF".getBytes(), 0, bytes, 0, 4);
		System.arraycopy(("WEBP" + chunk).getBytes(), 0, bytes, 8, 8);
		return bytes;
	}

}
