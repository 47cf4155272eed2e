package io.saoma.receiver.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-level fast paths give exactly the answers of the text-level originals:
 * {@code msg_signature} over an {@code Encrypt} read from the body's bytes, decryption
 * from a byte range, and strict UTF-8 decoding.
 */
class ByteSlicePropertiesTests {

	private static final AesKey KEY = AesKey.decode("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

	@Property
	void shouldSignAnEncryptReadFromBytesAsTheTextOfIt(@ForAll("parts") String token, @ForAll("parts") String timestamp,
			@ForAll("parts") String nonce, @ForAll("ascii") String encrypt, @ForAll @IntRange(max = 5) int before,
			@ForAll @IntRange(max = 5) int after) {
		byte[] body = embed(encrypt, before, after);
		String signature = WechatSignature.compute(token, timestamp, nonce, encrypt);
		assertThat(WechatSignature.matches(signature, token, timestamp, nonce, body, before, before + encrypt.length()))
			.isTrue();
		String other = WechatSignature.compute(token, timestamp, nonce, encrypt + "x");
		assertThat(WechatSignature.matches(other, token, timestamp, nonce, body, before, before + encrypt.length()))
			.isFalse();
	}

	@Property
	void shouldDecryptFromAByteRangeAsFromTheText(@ForAll("messages") String message, @ForAll byte[] random,
			@ForAll @IntRange(max = 5) int before) throws DecryptionException {
		byte[] random16 = new byte[16];
		System.arraycopy(random, 0, random16, 0, Math.min(16, random.length));
		String encrypt = MessageCipher.encrypt(random16, message, KEY, "wxapp");
		byte[] body = embed(encrypt, before, 3);
		assertThat(MessageCipher.decrypt(body, before, before + encrypt.length(), KEY, "wxapp"))
			.isEqualTo(MessageCipher.decrypt(encrypt, KEY, "wxapp"))
			.isEqualTo(message);
	}

	@Property
	void shouldDecodeUtf8AsTheStrictDecoderDoes(@ForAll("utf8ish") byte[] bytes) {
		String strict;
		try {
			strict = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			strict = null;
		}
		assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isEqualTo(strict);
	}

	@Property(tries = 20)
	void shouldKeepARealReplacementCharacter(@ForAll @Size(max = 20) String text) {
		String withFffd = text + "\uFFFD" + text;
		byte[] bytes = withFffd.getBytes(StandardCharsets.UTF_8);
		assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isEqualTo(withFffd);
	}

	@Provide
	Arbitrary<String> parts() {
		// ASCII, CJK and supplementary characters, and prefixes of each other
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
				Arbitraries.strings().withChars("aAzZ09+/=~\u00e9\u4e2d").ofMaxLength(6),
				Arbitraries.of("", "A", "AAAAA", "1714037059", "\uD83D\uDE00", "\u007f"));
	}

	@Provide
	Arbitrary<String> ascii() {
		return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(40),
				Arbitraries.strings().withChars("aAzZ09+/=").ofMaxLength(6));
	}

	@Provide
	Arbitrary<String> messages() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
				Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(300));
	}

	@Provide
	Arbitrary<byte[]> utf8ish() {
		Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(30).map((s) -> s.getBytes(StandardCharsets.UTF_8));
		Arbitrary<byte[]> mutated = valid
			.flatMap((bytes) -> Arbitraries.integers()
				.between(0, Math.max(0, bytes.length - 1))
				.flatMap((at) -> Arbitraries
					.of((byte) 0x80, (byte) 0xC0, (byte) 0xED, (byte) 0xF5, (byte) 0xFF, (byte) 0xE4)
					.map((b) -> {
						byte[] copy = bytes.clone();
						if (copy.length > 0) {
							copy[at] = b;
						}
						return copy;
					})));
		return Arbitraries.oneOf(valid, mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(12),
				Arbitraries.of(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
						new byte[] { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD }, new byte[] { (byte) 0xC0, (byte) 0xAF },
						new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }));
	}

	private static byte[] embed(String ascii, int before, int after) {
		byte[] text = ascii.getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[before + text.length + after];
		java.util.Arrays.fill(body, (byte) '<');
		System.arraycopy(text, 0, body, before, text.length);
		return body;
	}

}
