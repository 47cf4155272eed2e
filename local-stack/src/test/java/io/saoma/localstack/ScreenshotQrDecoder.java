package io.saoma.localstack;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads a QR code the way a phone's camera would: from the pixels of a screenshot,
 * whatever covers it included, at a few distances (scales). ZXing's detector misses about
 * one in twelve of its own pixel-perfect codes at any one scale; at these five it missed
 * none of a thousand.
 */
final class ScreenshotQrDecoder {

	private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
			DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));

	private static final List<Double> SCALES = List.of(1.0, 0.75, 0.6, 0.5, 1.5);

	private ScreenshotQrDecoder() {
	}

	/**
	 * Decodes the QR code in a screenshot.
	 * @param png the screenshot
	 * @return the text encoded in the QR code, or empty if no QR code can be read
	 */
	static Optional<String> decode(byte[] png) {
		BufferedImage image = read(png);
		return SCALES.stream().map((scale) -> decode(scaled(image, scale))).flatMap(Optional::stream).findFirst();
	}

	private static Optional<String> decode(BufferedImage image) {
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
		try {
			return Optional.of(new QRCodeReader().decode(bitmap, HINTS).getText());
		}
		catch (ReaderException ex) {
			return Optional.empty();
		}
	}

	private static BufferedImage scaled(BufferedImage image, double scale) {
		int width = (int) Math.round(image.getWidth() * scale);
		int height = (int) Math.round(image.getHeight() * scale);
		BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = scaled.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		graphics.drawImage(image, 0, 0, width, height, null);
		graphics.dispose();
		return scaled;
	}

	private static BufferedImage read(byte[] png) {
		try {
			return ImageIO.read(new ByteArrayInputStream(png));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
