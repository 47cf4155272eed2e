package io.saoma.receiver.parse;

import java.nio.charset.StandardCharsets;

/**
 * Recognises, in its bytes and in one pass (before authentication, like
 * {@link EnvelopeScanner}: a linear scan, no allocation), the safe-mode envelope WeChat
 * sends: {@code <xml>}, then {@code <Encrypt>} once and {@code <ToUserName>} at most
 * once, in any order, each holding one CDATA section or plain text, then {@code </xml>},
 * with only whitespace between and around them. Such a body is well-formed XML whose only
 * top-level fields are {@code ToUserName} and {@code Encrypt}, so it needs no full parse
 * to be told safe from compatible mode. Anything else (another field, a declaration, a
 * comment, an attribute, a character reference, a byte outside printable ASCII, an
 * {@code Encrypt} value with a space or a tab) is not recognised, and the caller parses
 * the envelope fully as before: this is only a fast path, never a second grammar.
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
	 * Finds the {@code Encrypt} value of a plain safe-mode envelope.
	 * @param body the body's bytes
	 * @param start where the envelope starts (after a byte order mark and whitespace)
	 * @return where the value lies in {@code body} if the body is such an envelope with a
	 * non-empty {@code Encrypt}: then a full XML parse would find exactly the fields
	 * {@code Encrypt} (that value) and at most one {@code ToUserName}, and
	 * {@link EnvelopeScanner} would find the same value; {@code null} if the body is
	 * anything else, well-formed or not
	 */
	public static EnvelopeScanner.Span encrypt(byte[] body, int start) {
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
				at = element(body, from, ENCRYPT_CLOSE, true);
				if (at < 0) {
					return null;
				}
				int to = at - ENCRYPT_CLOSE.length;
				encrypt = EnvelopeScanner.startsWith(body, CDATA_OPEN, from)
						? new EnvelopeScanner.Span(from + CDATA_OPEN.length, to - CDATA_CLOSE.length)
						: new EnvelopeScanner.Span(from, to);
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
		return encrypt;
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
	 * Printable ASCII but space, no markup or reference characters: the Base64 alphabet
	 * and more (the decoder refuses the rest after authentication, as on the general
	 * path), never anything a parser would read otherwise (no whitespace it could trim or
	 * normalise).
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

}
