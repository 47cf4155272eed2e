package io.saoma.localstack.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Renders a real, scannable QR code image (ZXing), as WeChat's {@code showqrcode} does.
 */
public final class QrImages {

	private QrImages() {
	}

	/**
	 * Renders content as a PNG.
	 * @param content what to encode
	 * @param size width and height in pixels
	 * @return the PNG bytes
	 */
	public static byte[] png(String content, int size) {
		try {
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			MatrixToImageWriter.writeToStream(
					new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size,
							Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2)),
					"PNG", png);
			return png.toByteArray();
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("Cannot encode a QR code", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
