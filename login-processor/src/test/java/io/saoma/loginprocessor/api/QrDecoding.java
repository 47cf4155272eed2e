package io.saoma.loginprocessor.api;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads served QR images back the way a phone's scanner does (ZXing's reader on the
 * pixels), the SVG after drawing it from its markup alone.
 */
final class QrDecoding {

	private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

	private static final int PIXELS_PER_UNIT = 6;

	private QrDecoding() {
	}

	static String decodePng(byte[] png) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
			if (image == null) {
				throw new AssertionError("not an image ImageIO can read");
			}
			return decode(image);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static BufferedImage readPng(byte[] png) {
		try {
			return ImageIO.read(new ByteArrayInputStream(png));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Draws the SVG's white background and black unit squares (the only shapes it uses),
	 * then decodes the picture.
	 */
	static String decodeSvg(byte[] svg) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
			Element root = document.getDocumentElement();
			if (!"svg".equals(root.getLocalName()) || !"http://www.w3.org/2000/svg".equals(root.getNamespaceURI())) {
				throw new AssertionError("not an SVG document: " + root.getTagName());
			}
			String[] viewBox = root.getAttribute("viewBox").trim().split("\\s+");
			int side = Integer.parseInt(viewBox[2]);
			BufferedImage image = new BufferedImage(side * PIXELS_PER_UNIT, side * PIXELS_PER_UNIT,
					BufferedImage.TYPE_INT_RGB);
			Graphics2D graphics = image.createGraphics();
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
			graphics.setColor(Color.BLACK);
			Element path = (Element) document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0);
			Matcher module = MODULE.matcher(path.getAttribute("d"));
			while (module.find()) {
				graphics.fillRect(Integer.parseInt(module.group(1)) * PIXELS_PER_UNIT,
						Integer.parseInt(module.group(2)) * PIXELS_PER_UNIT, PIXELS_PER_UNIT, PIXELS_PER_UNIT);
			}
			graphics.dispose();
			return decode(image);
		}
		catch (Exception ex) {
			throw new AssertionError("cannot read the SVG", ex);
		}
	}

	static String decode(BufferedImage image) {
		try {
			return new MultiFormatReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
						Map.of(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
								DecodeHintType.TRY_HARDER, Boolean.TRUE))
				.getText();
		}
		catch (NotFoundException ex) {
			throw new AssertionError("no QR code a phone could read in the image", ex);
		}
	}

}
