package io.saoma.receiver.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StrictUtf8} accepts exactly what the JDK's decoder with
 * {@code CodingErrorAction.REPORT} accepts, and decodes it to the same text: every one-
 * and two-byte input and every three- and four-byte sequence from a lead byte, after an
 * ASCII run of each length around a word, inside a larger array, and texts longer than
 * its per-thread buffer.
 */
class StrictUtf8Tests {

	private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	@Example
	void shouldDecodeEveryShortInputAsTheStrictDecoder() {
		byte[] bytes = new byte[2];
		for (int b1 = 0; b1 < 256; b1++) {
			bytes[0] = (byte) b1;
			assertSameAsStrict(bytes, 0, 1);
			for (int b2 = 0; b2 < 256; b2++) {
				bytes[1] = (byte) b2;
				assertSameAsStrict(bytes, 0, 2);
			}
		}
	}

	@Example
	void shouldDecodeEveryThreeByteSequenceAsTheStrictDecoder() {
		// after an ASCII byte, so that the sequence is not the whole input
		byte[] bytes = new byte[4];
		bytes[0] = 'a';
		for (int b1 = 0xC0; b1 < 256; b1++) {
			bytes[1] = (byte) b1;
			for (int b2 = 0; b2 < 256; b2++) {
				bytes[2] = (byte) b2;
				for (int b3 : new int[] { 0x00, 0x3F, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xE0, 0xFF }) {
					bytes[3] = (byte) b3;
					assertSameAsStrict(bytes, 0, 4);
				}
			}
		}
	}

	@Example
	void shouldDecodeEveryFourByteSequenceAsTheStrictDecoder() {
		byte[] bytes = new byte[5];
		int[] tails = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xF0, 0xFF };
		for (int b1 = 0xE0; b1 < 256; b1++) {
			bytes[0] = (byte) b1;
			for (int b2 = 0; b2 < 256; b2++) {
				bytes[1] = (byte) b2;
				for (int b3 : tails) {
					bytes[2] = (byte) b3;
					for (int b4 : tails) {
						bytes[3] = (byte) b4;
						bytes[4] = (byte) 0x80;
						assertSameAsStrict(bytes, 0, 4);
						assertSameAsStrict(bytes, 0, 5);
						assertSameAsStrict(bytes, 0, 3);
					}
				}
			}
		}
	}

	@Example
	void shouldRefuseTheClassicMalformedForms() {
		for (byte[] malformed : new byte[][] { { (byte) 0xC0, (byte) 0xAF }, { (byte) 0xE0, (byte) 0x80, (byte) 0xAF },
				{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				{ (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE4, (byte) 0xB8 },
				{ 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0x80 } }) {
			assertThat(StrictUtf8.decode(malformed, 0, malformed.length)).isNull();
		}
		byte[] chinese = "中文\uD83D\uDE00é".getBytes(StandardCharsets.UTF_8);
		assertThat(StrictUtf8.decode(chinese, 0, chinese.length)).isEqualTo("中文\uD83D\uDE00é");
	}

	@Property(tries = 300)
	void shouldDecodeASliceAsTheStrictDecoderDoes(@ForAll("texts") String text, @ForAll @IntRange(max = 17) int before,
			@ForAll @IntRange(max = 9) int after, @ForAll @IntRange(max = 3) int cut) {
		byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[before + encoded.length + after];
		java.util.Arrays.fill(bytes, (byte) 0xFF);
		System.arraycopy(encoded, 0, bytes, before, encoded.length);
		assertSameAsStrict(bytes, before, encoded.length);
		// cut inside the last character: malformed, unless it is ASCII
		assertSameAsStrict(bytes, before, Math.max(0, encoded.length - cut));
	}

	@Example
	void shouldDecodeATextLongerThanItsBuffer() {
		String text = "a".repeat(5) + "中文".repeat(20_000);
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isEqualTo(text);
		bytes[bytes.length - 1] = 'x';
		assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isNull();
	}

	@Provide
	Arbitrary<String> texts() {
		Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(20);
		Arbitrary<String> mixed = Arbitraries.strings()
			.withCharRange('\u0000', '\u00ff')
			.withCharRange('\u4e00', '\u4e0f')
			.withChars('\uFFFD', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFF')
			.ofMaxLength(40);
		Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(40);
		return Arbitraries.oneOf(ascii, mixed, anything, Arbitraries.strings()
			.ascii()
			.ofMaxLength(20)
			.flatMap((prefix) -> Arbitraries.of("\uD83D\uDE00", "中", "\u00e9", "\u0080").map((c) -> prefix + c)));
	}

	private void assertSameAsStrict(byte[] bytes, int offset, int length) {
		String expected;
		try {
			expected = this.strict.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
		}
		catch (CharacterCodingException ex) {
			expected = null;
		}
		assertThat(StrictUtf8.decode(bytes, offset, length)).isEqualTo(expected);
	}

}
