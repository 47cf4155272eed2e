package io.saoma.loginprocessor.api;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Draws a login's QR code (ZXing's encoder) so that a page needs no QR library: as SVG,
 * one path of unit squares that scales without blur, or as a PNG of a given size. Both
 * keep the four-module quiet zone phones need, and use error correction level M, as
 * WeChat's own {@code showqrcode} images do.
 */
public final class QrImages {

	/** The smallest PNG side, in pixels: below it a phone camera struggles. */
	public static final int MIN_PNG_SIZE = 128;

	/** The largest PNG side, in pixels: bounds the memory one anonymous request costs. */
	public static final int MAX_PNG_SIZE = 1024;

	private static final int QUIET_ZONE = 4;

	/** Below three pixels per module a scanner misreads the modules' edges. */
	private static final int MIN_PIXELS_PER_MODULE = 3;

	private static final Map<EncodeHintType, Object> HINTS = Map.of(EncodeHintType.ERROR_CORRECTION,
			ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0, EncodeHintType.CHARACTER_SET,
			StandardCharsets.UTF_8.name());

	private QrImages() {
	}

	/**
	 * Draws content as SVG.
	 * @param content what the QR code holds
	 * @return the SVG document, UTF-8
	 */
	public static byte[] svg(String content) {
		BitMatrix modules = modules(content);
		int side = modules.getWidth() + 2 * QUIET_ZONE;
		StringBuilder path = new StringBuilder(modules.getWidth() * modules.getHeight() * 4);
		for (int y = 0; y < modules.getHeight(); y++) {
			for (int x = 0; x < modules.getWidth(); x++) {
				if (modules.get(x, y)) {
					path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
				}
			}
		}
		String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				+ "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side
				+ "\" shape-rendering=\"crispEdges\" role=\"img\">" + "<rect width=\"" + side + "\" height=\"" + side
				+ "\" fill=\"#fff\"/>" + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
		return svg.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Draws content as a PNG, each module a whole number of pixels, centred (larger than
	 * asked only where that would leave fewer than three pixels per module).
	 * @param content what the QR code holds
	 * @param size the side in pixels, {@value #MIN_PNG_SIZE} to {@value #MAX_PNG_SIZE}
	 * @return the PNG bytes
	 */
	public static byte[] png(String content, int size) {
		if (size < MIN_PNG_SIZE || size > MAX_PNG_SIZE) {
			throw new IllegalArgumentException("size must be " + MIN_PNG_SIZE + " to " + MAX_PNG_SIZE);
		}
		BitMatrix modules = modules(content);
		int side = modules.getWidth() + 2 * QUIET_ZONE;
		// never clipped or too fine to read: a long content gets a larger image
		int pixels = Math.max(size, side * MIN_PIXELS_PER_MODULE);
		int scale = pixels / side;
		int offset = (pixels - side * scale) / 2 + QUIET_ZONE * scale;
		BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
		WritableRaster raster = image.getRaster();
		int[] white = { 1 };
		int[] black = { 0 };
		for (int y = 0; y < pixels; y++) {
			for (int x = 0; x < pixels; x++) {
				int mx = Math.floorDiv(x - offset, scale);
				int my = Math.floorDiv(y - offset, scale);
				boolean dark = mx >= 0 && my >= 0 && mx < modules.getWidth() && my < modules.getHeight()
						&& modules.get(mx, my);
				raster.setPixel(x, y, dark ? black : white);
			}
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

	private static BitMatrix modules(String content) {
		try {
			// width and height 0: one pixel per module, the quiet zone added by the
			// callers
			return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, HINTS);
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("cannot encode this content as a QR code", ex);
		}
	}

}
