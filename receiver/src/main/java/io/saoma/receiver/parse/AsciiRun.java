package io.saoma.receiver.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a run of printable ASCII without markup ends, eight bytes at a time: the
 * first byte, from a given index, that a 256-entry table does not allow. The table must
 * allow every byte in {@code [low, 0x7E]} other than {@code '<'}, {@code '&'} and
 * {@code ']'} (it may allow more); a word (eight bytes read as one {@code long}) holding
 * only such bytes is skipped whole with a few arithmetic operations (the classic "has a
 * byte less than / equal to" tests, exact for the question "is there one"), any other
 * word is looked at byte by byte with the table. So the answer is always the table's,
 * only faster on long runs such as a 3 KB Base64 value.
 */
final class AsciiRun {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private static final long LT = ONES * '<';

	private static final long AMP = ONES * '&';

	private static final long BRACKET = ONES * ']';

	private final boolean[] allowed;

	private final long low;

	/**
	 * Creates a scanner.
	 * @param allowed the allowed bytes, indexed by unsigned value: at least every byte in
	 * {@code [low, 0x7E]} but {@code '<'}, {@code '&'}, {@code ']'}
	 * @param low the smallest byte a word may hold to be skipped whole, in
	 * {@code [1, 0x7E]}
	 * @throws IllegalArgumentException if the table does not allow a byte that a skipped
	 * word may hold
	 */
	AsciiRun(boolean[] allowed, int low) {
		if (allowed.length != 256 || low < 1 || low > 0x7E) {
			throw new IllegalArgumentException("need a 256-entry table and a low bound in [1, 0x7E]");
		}
		for (int c = low; c <= 0x7E; c++) {
			if (!allowed[c] && c != '<' && c != '&' && c != ']') {
				throw new IllegalArgumentException("the table must allow byte " + c);
			}
		}
		this.allowed = allowed.clone();
		this.low = ONES * low;
	}

	/**
	 * The first byte from {@code from} that the table does not allow.
	 * @param bytes the bytes
	 * @param from where to start, {@code 0 <= from <= bytes.length}
	 * @return its index, or {@code bytes.length} if every byte from {@code from} is
	 * allowed
	 */
	int end(byte[] bytes, int from) {
		int i = from;
		int words = bytes.length - Long.BYTES;
		while (i <= words) {
			long word = (long) LONGS.get(bytes, i);
			if (suspect(word) == 0) {
				i += Long.BYTES;
				continue;
			}
			for (int end = i + Long.BYTES; i < end; i++) {
				if (!this.allowed[bytes[i] & 0xFF]) {
					return i;
				}
			}
		}
		while (i < bytes.length && this.allowed[bytes[i] & 0xFF]) {
			i++;
		}
		return i;
	}

	/**
	 * The first {@code ']'} from {@code from}, eight bytes at a time.
	 * @param bytes the bytes
	 * @param from where to start, {@code 0 <= from}
	 * @return its index, or -1 if there is none
	 */
	static int nextBracket(byte[] bytes, int from) {
		int i = from;
		int words = bytes.length - Long.BYTES;
		while (i <= words && (zero((long) LONGS.get(bytes, i) ^ BRACKET) & HIGHS) == 0) {
			i += Long.BYTES;
		}
		while (i < bytes.length) {
			if (bytes[i] == ']') {
				return i;
			}
			i++;
		}
		return -1;
	}

	/**
	 * Non-zero if the word holds a byte below {@code low}, above 0x7E, or one of
	 * {@code '<'}, {@code '&'}, {@code ']'}.
	 */
	private long suspect(long word) {
		long below = (word - this.low) & ~word;
		long above = word + ONES * (0x7F - 0x7E) | word;
		return (below | above | zero(word ^ LT) | zero(word ^ AMP) | zero(word ^ BRACKET)) & HIGHS;
	}

	/** Has its high bit set in some byte iff the word holds a zero byte. */
	private static long zero(long word) {
		return (word - ONES) & ~word;
	}

}
