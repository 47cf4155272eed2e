package io.saoma.receiver.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding at the speed of {@code new String(bytes, UTF_8)}: the JDK's
 * string constructor decodes in one pass straight into the string (a
 * {@code CharsetDecoder} goes through a {@code CharBuffer} and a copy), but replaces
 * malformed input with U+FFFD. So a text without U+FFFD is returned at once; only one
 * that has it (malformed input, or a real U+FFFD, rare) is decoded again strictly to tell
 * which.
 */
public final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * Decodes strictly.
	 * @param bytes the bytes
	 * @param offset the first byte
	 * @param length how many bytes
	 * @return the text, or {@code null} if the bytes are not valid UTF-8
	 */
	public static String decode(byte[] bytes, int offset, int length) {
		String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
		if (text.indexOf('\uFFFD') < 0) {
			return text;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, offset, length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
