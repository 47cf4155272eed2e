package io.saoma.receiver.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link AsciiRun} answers as a byte-by-byte look-up in its table, at every offset and
 * for every byte in every position of a word.
 */
class AsciiRunTests {

	private static final boolean[] PRINTABLE = table(0x21);

	private static final boolean[] WITH_TAB_AND_SPACE = withTab(table(0x20));

	@Example
	void shouldStopAtEveryByteTheTableRefusesInEveryPositionOfAWord() {
		for (boolean[] allowed : new boolean[][] { PRINTABLE, WITH_TAB_AND_SPACE }) {
			AsciiRun run = new AsciiRun(allowed, allowed[' '] ? 0x20 : 0x21);
			for (int length = 0; length <= 24; length++) {
				for (int at = 0; at < length; at++) {
					for (int b = 0; b < 256; b++) {
						byte[] bytes = "abcdefghijklmnopqrstuvwx".substring(0, length).getBytes();
						bytes[at] = (byte) b;
						for (int from = 0; from <= length; from++) {
							assertThat(run.end(bytes, from)).as("byte %d at %d of %d from %d", b, at, length, from)
								.isEqualTo(byByte(allowed, bytes, from));
						}
					}
				}
			}
		}
	}

	@Property(tries = 2000)
	void shouldAnswerAsTheTable(@ForAll("bytes") byte[] bytes, @ForAll @IntRange(max = 40) int from) {
		int start = Math.min(from, bytes.length);
		assertThat(new AsciiRun(PRINTABLE, 0x21).end(bytes, start)).isEqualTo(byByte(PRINTABLE, bytes, start));
		assertThat(new AsciiRun(WITH_TAB_AND_SPACE, 0x20).end(bytes, start))
			.isEqualTo(byByte(WITH_TAB_AND_SPACE, bytes, start));
	}

	@Property(tries = 2000)
	void shouldFindTheFirstBracketAsAByteSearch(@ForAll("bytes") byte[] bytes, @ForAll @IntRange(max = 40) int from) {
		int start = Math.min(from, bytes.length);
		int expected = -1;
		for (int i = start; i < bytes.length; i++) {
			if (bytes[i] == ']') {
				expected = i;
				break;
			}
		}
		assertThat(AsciiRun.nextBracket(bytes, start)).isEqualTo(expected);
	}

	@Example
	void shouldFindABracketInEveryPositionOfAWord() {
		for (int length = 1; length <= 24; length++) {
			for (int at = 0; at < length; at++) {
				byte[] bytes = new byte[length];
				java.util.Arrays.fill(bytes, (byte) (']' ^ 0x80));
				bytes[at] = ']';
				assertThat(AsciiRun.nextBracket(bytes, 0)).isEqualTo(at);
				assertThat(AsciiRun.nextBracket(bytes, at + 1)).isEqualTo(-1);
			}
		}
	}

	@Example
	void shouldRefuseATableThatMissesABytesAWordMaySkip() {
		boolean[] allowed = table(0x21);
		allowed['A'] = false;
		assertThatIllegalArgumentException().isThrownBy(() -> new AsciiRun(allowed, 0x21));
		assertThatIllegalArgumentException().isThrownBy(() -> new AsciiRun(table(0x21), 0x20));
	}

	@Provide
	Arbitrary<byte[]> bytes() {
		// long printable runs with the odd byte, so that words are both skipped and not
		Arbitrary<Byte> mostlyPrintable = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(30, Arbitraries.bytes().between((byte) 0x21, (byte) 0x7E)),
				net.jqwik.api.Tuple.of(1, Arbitraries.bytes()),
				net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) '<', (byte) '&', (byte) ']', (byte) ' ', (byte) '\t')));
		return mostlyPrintable.array(byte[].class).ofMaxSize(80);
	}

	private static int byByte(boolean[] allowed, byte[] bytes, int from) {
		int i = from;
		while (i < bytes.length && allowed[bytes[i] & 0xFF]) {
			i++;
		}
		return i;
	}

	private static boolean[] table(int low) {
		boolean[] table = new boolean[256];
		for (int c = low; c <= 0x7E; c++) {
			table[c] = c != '<' && c != '&' && c != ']';
		}
		return table;
	}

	private static boolean[] withTab(boolean[] table) {
		table['\t'] = true;
		return table;
	}

}
