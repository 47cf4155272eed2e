package io.saoma.loginprocessor.api;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QrImagesTests {

	private static final String CONTENT = "http://weixin.qq.com/q/02Ab3dEfGh0ij1kLmNoP5q";

	@ParameterizedTest
	@ValueSource(ints = { QrImages.MIN_PNG_SIZE, 200, 280, QrImages.MAX_PNG_SIZE })
	void shouldDrawAPngAPhoneDecodesBackToTheContentAtEverySize(int size) {
		byte[] png = QrImages.png(CONTENT, size);

		BufferedImage image = QrDecoding.readPng(png);
		assertThat(image.getWidth()).isEqualTo(size);
		assertThat(image.getHeight()).isEqualTo(size);
		assertThat(QrDecoding.decode(image)).isEqualTo(CONTENT);
	}

	@Test
	void shouldDrawAnSvgThatDecodesBackToTheContent() {
		byte[] svg = QrImages.svg(CONTENT);

		assertThat(QrDecoding.decodeSvg(svg)).isEqualTo(CONTENT);
		assertThat(new String(svg, StandardCharsets.UTF_8)).doesNotContain("<script").doesNotContain("style=");
	}

	@Test
	void shouldKeepAQuietZoneOfFourModulesAroundTheCode() {
		BufferedImage image = QrDecoding.readPng(QrImages.png(CONTENT, 280));

		int top = firstDark(image, true);
		int left = firstDark(image, false);
		// the top-left finder pattern's first row is 7 dark modules in a run
		int run = 0;
		while (isDark(image, left + run, top)) {
			run++;
		}
		int module = run / 7;
		assertThat(run % 7).isZero();
		assertThat(module).isPositive();
		assertThat(top).isGreaterThanOrEqualTo(4 * module);
		assertThat(left).isGreaterThanOrEqualTo(4 * module);
		assertThat(image.getWidth() - 1 - lastDark(image)).isGreaterThanOrEqualTo(4 * module);
	}

	private static int firstDark(BufferedImage image, boolean row) {
		for (int i = 0; i < image.getWidth(); i++) {
			for (int j = 0; j < image.getWidth(); j++) {
				if (row ? isDark(image, j, i) : isDark(image, i, j)) {
					return i;
				}
			}
		}
		throw new AssertionError("a blank image");
	}

	private static int lastDark(BufferedImage image) {
		for (int x = image.getWidth() - 1; x >= 0; x--) {
			for (int y = 0; y < image.getHeight(); y++) {
				if (isDark(image, x, y)) {
					return x;
				}
			}
		}
		throw new AssertionError("a blank image");
	}

	private static boolean isDark(BufferedImage image, int x, int y) {
		return (image.getRGB(x, y) & 0xFFFFFF) == 0;
	}

	@Test
	void shouldGrowRatherThanClipAContentWithMoreModulesThanPixels() {
		String longContent = "http://weixin.qq.com/q/" + "x".repeat(300);

		BufferedImage image = QrDecoding.readPng(QrImages.png(longContent, QrImages.MIN_PNG_SIZE));

		assertThat(image.getWidth()).isGreaterThan(QrImages.MIN_PNG_SIZE);
		assertThat(QrDecoding.decode(image)).isEqualTo(longContent);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, QrImages.MIN_PNG_SIZE - 1, QrImages.MAX_PNG_SIZE + 1 })
	void shouldRefuseAPngSizeOutsideTheBounds(int size) {
		assertThatIllegalArgumentException().isThrownBy(() -> QrImages.png(CONTENT, size))
			.withMessageContaining("128 to 1024");
	}

}
