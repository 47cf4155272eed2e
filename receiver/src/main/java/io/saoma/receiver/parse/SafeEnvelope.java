package io.saoma.receiver.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Recognises, in its bytes and in one pass (before authentication, like
 * {@link EnvelopeScanner}: a linear scan, no parser), the safe-mode envelope WeChat
 * sends: {@code <xml>}, then {@code <Encrypt>} once and {@code <ToUserName>} at most
 * once, in any order, each holding one CDATA section or plain text, then {@code </xml>},
 * with only whitespace between and around them. Such a body is well-formed XML whose only
 * top-level fields are {@code ToUserName} and {@code Encrypt}, so it needs no full parse
 * to be told safe from compatible mode. Anything else (another field, a declaration, a
 * comment, an attribute, a character reference, a byte outside printable ASCII, an
 * {@code Encrypt} value that is not valid Base64) is not recognised, and the caller
 * parses the envelope fully as before: this is only a fast path, never a second grammar.
 * The {@code Encrypt} value is checked by decoding it (the JDK's Base64 decoder, linear
 * and intrinsic), and the decryption uses that ciphertext, so it is read once.
 */
public final class SafeEnvelope {

	private static final byte[] ROOT_OPEN = bytes("<xml>");

	private static final byte[] ROOT_CLOSE = bytes("</xml>");

	private static final byte[] TO_OPEN = bytes("<ToUserName>");

	private static final byte[] TO_CLOSE = bytes("</ToUserName>");

	private static final byte[] ENCRYPT_OPEN = bytes("<Encrypt>");

	private static final byte[] ENCRYPT_CLOSE = bytes("</Encrypt>");

	private static final byte[] CDATA_OPEN = bytes("<![CDATA[");

	private static final byte[] CDATA_CLOSE = bytes("]]>");

	private static final AsciiRun ENCRYPT_RUN = new AsciiRun(encryptBytes(), 0x21);

	private static final AsciiRun TEXT_RUN = new AsciiRun(text(), 0x20);

	private SafeEnvelope() {
	}

	/**
	 * Finds the {@code Encrypt} value of a plain safe-mode envelope, and decodes it.
	 * @param body the body's bytes
	 * @param start where the envelope starts (after a byte order mark and whitespace)
	 * @return the value if the body is such an envelope with an {@code Encrypt} that is
	 * non-empty valid Base64 ({@link Base64#getDecoder()}): then a full XML parse would
	 * find exactly the fields {@code Encrypt} (that value) and at most one
	 * {@code ToUserName}, and {@link EnvelopeScanner} would find the same value;
	 * {@code null} if the body is anything else, well-formed or not
	 */
	public static Encrypt encrypt(byte[] body, int start) {
		if (!EnvelopeScanner.startsWith(body, ROOT_OPEN, start)) {
			return null;
		}
		int at = start + ROOT_OPEN.length;
		boolean toUserName = false;
		EnvelopeScanner.Span encrypt = null;
		while (true) {
			at = skipWhitespace(body, at);
			if (!toUserName && EnvelopeScanner.startsWith(body, TO_OPEN, at)) {
				at = element(body, at + TO_OPEN.length, TO_CLOSE, false);
				toUserName = true;
			}
			else if (encrypt == null && EnvelopeScanner.startsWith(body, ENCRYPT_OPEN, at)) {
				int from = at + ENCRYPT_OPEN.length;
				if (EnvelopeScanner.startsWith(body, CDATA_OPEN, from)) {
					// to the first ']', which must end the section: the content is
					// checked
					// by decoding it below (Base64 holds no ']', no markup, no
					// whitespace)
					int valueFrom = from + CDATA_OPEN.length;
					int valueTo = AsciiRun.nextBracket(body, valueFrom);
					if (valueTo < 0 || !EnvelopeScanner.startsWith(body, CDATA_CLOSE, valueTo)
							|| !EnvelopeScanner.startsWith(body, ENCRYPT_CLOSE, valueTo + CDATA_CLOSE.length)) {
						return null;
					}
					encrypt = new EnvelopeScanner.Span(valueFrom, valueTo);
					at = valueTo + CDATA_CLOSE.length + ENCRYPT_CLOSE.length;
				}
				else {
					at = element(body, from, ENCRYPT_CLOSE, true);
					if (at < 0) {
						return null;
					}
					encrypt = new EnvelopeScanner.Span(from, at - ENCRYPT_CLOSE.length);
				}
			}
			else {
				break;
			}
			if (at < 0) {
				return null;
			}
		}
		if (encrypt == null || encrypt.length() == 0 || !EnvelopeScanner.startsWith(body, ROOT_CLOSE, at)
				|| skipWhitespace(body, at + ROOT_CLOSE.length) != body.length) {
			return null;
		}
		ByteBuffer ciphertext;
		try {
			ciphertext = Base64.getDecoder().decode(ByteBuffer.wrap(body, encrypt.from(), encrypt.length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return new Encrypt(encrypt, ciphertext);
	}

	/**
	 * Reads an element's content and its end tag in one pass: the content runs to the
	 * first byte it may not hold, which must be the CDATA section's {@code ]]>}, or the
	 * {@code <} of the end tag for plain text.
	 * @return the index after the end tag, or -1 if not recognised
	 */
	private static int element(byte[] body, int at, byte[] close, boolean encrypt) {
		AsciiRun run = encrypt ? ENCRYPT_RUN : TEXT_RUN;
		int end;
		if (EnvelopeScanner.startsWith(body, CDATA_OPEN, at)) {
			int cdataEnd = run.end(body, at + CDATA_OPEN.length);
			if (!EnvelopeScanner.startsWith(body, CDATA_CLOSE, cdataEnd)) {
				return -1;
			}
			end = cdataEnd + CDATA_CLOSE.length;
		}
		else {
			end = run.end(body, at);
			// the byte that ends the run, if any, is checked to be '<' by the end tag
		}
		return EnvelopeScanner.startsWith(body, close, end) ? end + close.length : -1;
	}

	/**
	 * Printable ASCII but space, no markup or reference characters, for a plain-text
	 * {@code Encrypt} (the Base64 alphabet and more: the decoding refuses the rest).
	 */
	private static boolean[] encryptBytes() {
		boolean[] table = new boolean[256];
		for (int c = 0x21; c <= 0x7E; c++) {
			table[c] = c != '<' && c != '&' && c != ']';
		}
		return table;
	}

	/**
	 * Printable ASCII and tab (line ends are normalised by a parser, so not recognised),
	 * no markup or reference characters even in CDATA (so that the first {@code <Encrypt}
	 * of the body is the element's tag, as {@link EnvelopeScanner} reads it).
	 */
	private static boolean[] text() {
		boolean[] table = new boolean[256];
		table['\t'] = true;
		for (int c = 0x20; c <= 0x7E; c++) {
			table[c] = c != '<' && c != '&' && c != ']';
		}
		return table;
	}

	private static int skipWhitespace(byte[] body, int at) {
		while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
			at++;
		}
		return at;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * An {@code Encrypt} value found in a body.
	 *
	 * @param span where it lies in the body (ASCII, valid Base64)
	 * @param ciphertext what it decodes to (a heap buffer, not to be modified)
	 */
	public record Encrypt(EnvelopeScanner.Span span, ByteBuffer ciphertext) {

	}

}
