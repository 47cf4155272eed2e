package io.saoma.receiver.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the {@code Encrypt} value of a compatible- or safe-mode envelope without parsing
 * the envelope, so that {@code msg_signature} can be checked before anything else is done
 * with a body anyone could have sent. Linear in the body, no allocation per element: XML
 * ({@code <Encrypt><![CDATA[...]]></Encrypt>} or plain text) by searching for the one
 * {@code <Encrypt>} element, the JSON data format ({@code {"ToUserName": ..., "Encrypt":
 * ...}}) by streaming the top-level object's tokens. The value found is only a candidate:
 * after authentication the envelope is parsed fully and must have the same
 * {@code Encrypt} as a top-level field.
 */
public final class EnvelopeScanner {

	private static final String OPEN = "<Encrypt>";

	private static final String CLOSE = "</Encrypt>";

	private static final String CDATA_OPEN = "<![CDATA[";

	private static final String CDATA_CLOSE = "]]>";

	private static final byte[] OPEN_PREFIX = "<Encrypt".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OPEN_BYTES = OPEN.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CLOSE_BYTES = CLOSE.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CDATA_OPEN_BYTES = CDATA_OPEN.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CDATA_CLOSE_BYTES = CDATA_CLOSE.getBytes(StandardCharsets.US_ASCII);

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
		.build();

	private EnvelopeScanner() {
	}

	/**
	 * Finds the {@code Encrypt} value.
	 * @param body the body as text
	 * @param start the index of its first character that is not whitespace ({@code '<'}
	 * or {@code '{'}) @return the value, or {@code null} if the envelope has no {@code
	 * Encrypt} @throws MalformedPushException if the envelope has more than one, or one
	 * that is not plain text
	 */
	public static String encrypt(String body, int start) throws MalformedPushException {
		return switch (body.charAt(start)) {
			case '<' -> xml(body, start);
			case '{' -> json(body, start);
			default -> throw new MalformedPushException("body is neither XML nor JSON");
		};
	}

	private static String xml(String body, int start) throws MalformedPushException {
		int open = body.indexOf("<Encrypt", start);
		if (open < 0) {
			return null;
		}
		if (!body.startsWith(OPEN, open)) {
			throw new MalformedPushException("Encrypt element has attributes or is empty");
		}
		int from = open + OPEN.length();
		int close = body.indexOf(CLOSE, from);
		if (close < 0) {
			throw new MalformedPushException("Encrypt element is not closed");
		}
		if (body.indexOf("<Encrypt", close) >= 0) {
			throw new MalformedPushException("envelope has more than one Encrypt element");
		}
		if (body.startsWith(CDATA_OPEN, from) && body.startsWith(CDATA_CLOSE, close - CDATA_CLOSE.length())
				&& close - CDATA_CLOSE.length() >= from + CDATA_OPEN.length()) {
			from += CDATA_OPEN.length();
			close -= CDATA_CLOSE.length();
		}
		for (int i = from; i < close; i++) {
			char c = body.charAt(i);
			if (c == '<' || c == '&' || c == ']') {
				throw new MalformedPushException("Encrypt is not plain text");
			}
		}
		return body.substring(from, close);
	}

	/**
	 * Finds the {@code Encrypt} value of an XML envelope in its bytes, without copying
	 * it: for an ASCII body, the same answer as {@link #encrypt(String, int)} on its
	 * text.
	 * @param body the body's bytes, all ASCII
	 * @param start the index of its first byte that is not whitespace, a {@code '<'}
	 * @return the value's place in {@code body}, or {@code null} if the envelope has no
	 * {@code Encrypt}
	 * @throws MalformedPushException if the envelope has more than one, or one that is
	 * not plain text
	 */
	public static Span xmlSpan(byte[] body, int start) throws MalformedPushException {
		int open = indexOf(body, OPEN_PREFIX, start);
		if (open < 0) {
			return null;
		}
		if (!startsWith(body, OPEN_BYTES, open)) {
			throw new MalformedPushException("Encrypt element has attributes or is empty");
		}
		int from = open + OPEN_BYTES.length;
		int close = indexOf(body, CLOSE_BYTES, from);
		if (close < 0) {
			throw new MalformedPushException("Encrypt element is not closed");
		}
		if (indexOf(body, OPEN_PREFIX, close) >= 0) {
			throw new MalformedPushException("envelope has more than one Encrypt element");
		}
		if (startsWith(body, CDATA_OPEN_BYTES, from)
				&& startsWith(body, CDATA_CLOSE_BYTES, close - CDATA_CLOSE_BYTES.length)
				&& close - CDATA_CLOSE_BYTES.length >= from + CDATA_OPEN_BYTES.length) {
			from += CDATA_OPEN_BYTES.length;
			close -= CDATA_CLOSE_BYTES.length;
		}
		for (int i = from; i < close; i++) {
			byte c = body[i];
			if (c == '<' || c == '&' || c == ']') {
				throw new MalformedPushException("Encrypt is not plain text");
			}
		}
		return new Span(from, close);
	}

	static int indexOf(byte[] bytes, byte[] pattern, int from) {
		byte first = pattern[0];
		int last = bytes.length - pattern.length;
		for (int i = Math.max(from, 0); i <= last; i++) {
			if (bytes[i] == first && startsWith(bytes, pattern, i)) {
				return i;
			}
		}
		return -1;
	}

	static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
		return at >= 0 && at <= bytes.length - prefix.length
				&& Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
	}

	private static String json(String body, int start) throws MalformedPushException {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedPushException("JSON message must be an object");
			}
			String encrypt = null;
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
				if (token != JsonToken.PROPERTY_NAME) {
					throw new MalformedPushException("malformed JSON");
				}
				boolean isEncrypt = "Encrypt".equals(parser.currentName());
				JsonToken value = parser.nextToken();
				if (value == null) {
					throw new MalformedPushException("malformed JSON");
				}
				if (isEncrypt) {
					if (encrypt != null) {
						throw new MalformedPushException("envelope has more than one Encrypt field");
					}
					if (value != JsonToken.VALUE_STRING) {
						throw new MalformedPushException("Encrypt is not a string");
					}
					encrypt = parser.getString();
				}
				else {
					parser.skipChildren();
				}
			}
			return encrypt;
		}
		catch (RuntimeException ex) {
			// Jackson's JacksonException included
			throw new MalformedPushException("malformed JSON");
		}
	}

	/**
	 * Where a value lies in a byte array.
	 *
	 * @param from its first byte
	 * @param to one past its last byte
	 */
	public record Span(int from, int to) {

		/**
		 * Its length in bytes.
		 * @return {@code to - from}
		 */
		public int length() {
			return this.to - this.from;
		}

	}

}
