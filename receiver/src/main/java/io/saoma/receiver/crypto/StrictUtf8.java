package io.saoma.receiver.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding, validated and decoded in one pass. ASCII text (found eight bytes
 * at a time) goes to the JDK's string constructor, which copies it as it is; anything
 * else is decoded here into a per-thread {@code char[]} with the checks of the Unicode
 * standard's table of well-formed byte sequences (what the JDK's decoder with
 * {@code CodingErrorAction.REPORT} refuses: a stray continuation byte, an overlong form,
 * a surrogate, a code point above U+10FFFF, a truncated sequence), then copied into the
 * string. The JDK's own UTF-8 string constructor replaces malformed input with U+FFFD
 * instead of refusing it, and for non-ASCII text allocates a buffer of twice the input
 * plus a trimmed copy; this allocates only the string (and its failed Latin-1 attempt).
 */
public final class StrictUtf8 {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	/** Longest text decoded in the per-thread buffer; a longer one gets its own. */
	private static final int BUFFER_CHARS = 16 * 1024;

	private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[BUFFER_CHARS]);

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
		int end = offset + length;
		int ascii = asciiEnd(bytes, offset, end);
		if (ascii == end) {
			return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
		}
		// a valid text has at most one char per byte
		char[] chars = (length <= BUFFER_CHARS) ? BUFFER.get() : new char[length];
		int count = ascii - offset;
		for (int i = 0; i < count; i++) {
			chars[i] = (char) bytes[offset + i];
		}
		count = decode(bytes, ascii, end, chars, count);
		return (count >= 0) ? new String(chars, 0, count) : null;
	}

	/** The first byte from {@code from} that is not ASCII, or {@code to}. */
	private static int asciiEnd(byte[] bytes, int from, int to) {
		int i = from;
		while (i <= to - Long.BYTES && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
			i += Long.BYTES;
		}
		while (i < to && bytes[i] >= 0) {
			i++;
		}
		return i;
	}

	/**
	 * Decodes {@code src[sp, sl)} into {@code dst} from {@code dp}.
	 * @return the number of chars in {@code dst}, or -1 if the bytes are malformed
	 */
	private static int decode(byte[] src, int sp, int sl, char[] dst, int dp) {
		while (sp < sl) {
			int b1 = src[sp];
			if (b1 >= 0) {
				dst[dp++] = (char) b1;
				sp++;
			}
			else if ((b1 & 0xF0) == 0xE0) {
				// three bytes: U+0800..U+FFFF but not the surrogates
				if (sp + 2 >= sl) {
					return -1;
				}
				int b2 = src[sp + 1];
				int b3 = src[sp + 2];
				int c = ((b1 & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
				if (((b2 & 0xC0) | ((b3 & 0xC0) << 8)) != 0x8080 || c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) {
					return -1;
				}
				dst[dp++] = (char) c;
				sp += 3;
			}
			else if ((b1 & 0xE0) == 0xC0) {
				// two bytes: U+0080..U+07FF
				if (sp + 1 >= sl) {
					return -1;
				}
				int b2 = src[sp + 1];
				if ((b2 & 0xC0) != 0x80 || (b1 & 0x1E) == 0) {
					return -1;
				}
				dst[dp++] = (char) (((b1 & 0x1F) << 6) | (b2 & 0x3F));
				sp += 2;
			}
			else if ((b1 & 0xF8) == 0xF0) {
				// four bytes: U+10000..U+10FFFF, a surrogate pair
				if (sp + 3 >= sl) {
					return -1;
				}
				int b2 = src[sp + 1];
				int b3 = src[sp + 2];
				int b4 = src[sp + 3];
				int cp = ((b1 & 0x07) << 18) | ((b2 & 0x3F) << 12) | ((b3 & 0x3F) << 6) | (b4 & 0x3F);
				if ((b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80 || (b4 & 0xC0) != 0x80 || cp < 0x10000
						|| cp > Character.MAX_CODE_POINT) {
					return -1;
				}
				dst[dp++] = Character.highSurrogate(cp);
				dst[dp++] = Character.lowSurrogate(cp);
				sp += 4;
			}
			else {
				return -1;
			}
		}
		return dp;
	}

}
