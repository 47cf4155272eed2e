package io.saoma.receiver.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;

import io.saoma.receiver.crypto.DecryptionException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Official vectors (protocol document section 11) and every bound the decryption checks.
 */
class MessageCipherTests {

	private static final AesKey ZERO_KEY = AesKey.decode("A".repeat(43));

	private static final String TV3_APPID = "wxba5fad812f8e6fb9";

	private static final String TV3_ENCRYPT = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";

	private static final AesKey TV5_KEY = AesKey.decode("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

	private static final String TV5_APPID = "wxb11529c136998cb6";

	@Test
	void shouldDecryptSafeModePushOfTv3WithPad19() throws DecryptionException {
		assertThat(rawFrame(TV3_ENCRYPT, ZERO_KEY)).hasSize(224).endsWith(repeat((byte) 19, 19));
		assertThat(MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, TV3_APPID)).isEqualTo(
				"{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\",\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}");
	}

	@Test
	void shouldEncryptReplyOfTv4() throws DecryptionException {
		String encrypt = MessageCipher.encrypt(ascii("707722b803182950"), "{\"demo_resp\":\"good luck\"}", ZERO_KEY,
				TV3_APPID);
		assertThat(encrypt)
			.isEqualTo("ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==");
		assertThat(MessageCipher.decrypt(encrypt, ZERO_KEY, TV3_APPID)).isEqualTo("{\"demo_resp\":\"good luck\"}");
	}

	@Test
	void shouldEncryptChineseReplyOfTencentJavaSampleTv5CountingBytesNotCharacters() throws DecryptionException {
		String encrypt = MessageCipher.encrypt(ascii("aaaabbbbccccdddd"), "我是中文abcd123", TV5_KEY, TV5_APPID);
		assertThat(encrypt)
			.isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
		assertThat(MessageCipher.decrypt(encrypt, TV5_KEY, TV5_APPID)).isEqualTo("我是中文abcd123");
	}

	@Test
	void shouldAddAFullBlockOf32WhenTheFrameIsAlreadyAMultipleOf32() throws DecryptionException {
		// 20 header + 26 message + 18 AppID = 64 bytes: padding must still add a whole
		// block of 0x20
		String message = "abcdefghijklmnopqrstuvwxyz";
		String encrypt = MessageCipher.encrypt(ascii("0123456789abcdef"), message, ZERO_KEY, TV3_APPID);
		byte[] frame = rawFrame(encrypt, ZERO_KEY);
		assertThat(frame).hasSize(96).endsWith(repeat((byte) 32, 32));
		assertThat(MessageCipher.decrypt(encrypt, ZERO_KEY, TV3_APPID)).isEqualTo(message);
	}

	@Test
	void shouldPadWith19WhenNineteenBytesAreMissing() throws DecryptionException {
		// 20 + 7 + 18 = 45 bytes: 19 bytes of 0x13 to reach 64; a 16-byte scheme would
		// add 3
		String encrypt = MessageCipher.encrypt(ascii("0123456789abcdef"), "seven!!", ZERO_KEY, TV3_APPID);
		assertThat(rawFrame(encrypt, ZERO_KEY)).hasSize(64).endsWith(repeat((byte) 19, 19));
		assertThat(MessageCipher.decrypt(encrypt, ZERO_KEY, TV3_APPID)).isEqualTo("seven!!");
	}

	@Test
	void shouldFailWithAWrongKey() {
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT, TV5_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isIn(Reason.BAD_PADDING, Reason.BAD_MESSAGE_LENGTH,
					Reason.APPID_MISMATCH));
	}

	@Test
	void shouldRejectAnotherAppId() {
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, "wx0000000000000000"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.APPID_MISMATCH));
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, TV3_APPID + "x"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.APPID_MISMATCH));
	}

	@Test
	void shouldRejectTruncatedCiphertext() {
		byte[] ciphertext = Base64.getDecoder().decode(TV3_ENCRYPT);
		String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(ciphertext, ciphertext.length - 16));
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(truncated, ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_CIPHERTEXT_LENGTH));
		String shortened = Base64.getEncoder().encodeToString(Arrays.copyOf(ciphertext, ciphertext.length - 32));
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(shortened, ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isIn(Reason.BAD_PADDING, Reason.BAD_MESSAGE_LENGTH));
	}

	@Test
	void shouldRejectEmptyAndNonBase64Input() {
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt("", ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_CIPHERTEXT_LENGTH));
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt("not base64!!", ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_BASE64));
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT.replace('+', ' '), ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_BASE64));
	}

	@Test
	void shouldRejectGarbageCiphertext() {
		byte[] garbage = new byte[64];
		Arrays.fill(garbage, (byte) 0x5A);
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(Base64.getEncoder().encodeToString(garbage), ZERO_KEY, TV3_APPID));
	}

	@Test
	void shouldRejectLengthFieldsPointingOutsideTheFrame() {
		for (int length : new int[] { -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 27, 1 << 20 }) {
			String encrypt = encryptFrame(frame(length, "message", TV3_APPID), ZERO_KEY);
			assertThatExceptionOfType(DecryptionException.class).as("length %d", length)
				.isThrownBy(() -> MessageCipher.decrypt(encrypt, ZERO_KEY, TV3_APPID))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_MESSAGE_LENGTH));
		}
	}

	@Test
	void shouldRejectALengthFieldThatSwallowsTheAppId() throws DecryptionException {
		// length 25 = 7 message bytes + 18 AppID bytes: the trailing AppID is then empty
		// and must not match
		String encrypt = encryptFrame(frame(25, "message", TV3_APPID), ZERO_KEY);
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(encrypt, ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.APPID_MISMATCH));
		assertThat(MessageCipher.decrypt(encryptFrame(frame(7, "message", TV3_APPID), ZERO_KEY), ZERO_KEY, TV3_APPID))
			.isEqualTo("message");
	}

	@Test
	void shouldRejectBadPadding() {
		byte[] valid = frame(7, "message", TV3_APPID);
		byte[] zeroPad = valid.clone();
		zeroPad[zeroPad.length - 1] = 0;
		byte[] pad33 = valid.clone();
		pad33[pad33.length - 1] = 33;
		byte[] inconsistent = valid.clone();
		inconsistent[inconsistent.length - 2] = 7;
		for (byte[] frame : new byte[][] { zeroPad, pad33, inconsistent }) {
			assertThatExceptionOfType(DecryptionException.class)
				.isThrownBy(() -> MessageCipher.decrypt(encryptFrame(frame, ZERO_KEY), ZERO_KEY, TV3_APPID))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_PADDING))
				// the same words whatever the padding byte was: no value of a decrypted
				// byte in any message
				.withMessage("padding is not PKCS#7 over 32-byte blocks");
		}
	}

	@Test
	void shouldRefuseAMessageThatIsNotUtf8() {
		byte[] frame = frame(7, "message", TV3_APPID);
		frame[20] = (byte) 0xC3; // a lead byte followed by 'e': malformed
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(encryptFrame(frame, ZERO_KEY), ZERO_KEY, TV3_APPID))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_UTF8))
			.withMessage("decrypted message is not valid UTF-8");
	}

	@Test
	void shouldNeverPutPlaintextOrKeyInErrorMessages() {
		assertThatExceptionOfType(DecryptionException.class)
			.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, "wx0000000000000000"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("ToUserName").doesNotContain("AAAA"));
	}

	/** A frame with an arbitrary length field, padded to 32 bytes. */
	private static byte[] frame(int lengthField, String message, String appId) {
		byte[] msg = message.getBytes(StandardCharsets.UTF_8);
		byte[] app = appId.getBytes(StandardCharsets.UTF_8);
		int size = 20 + msg.length + app.length;
		int pad = 32 - size % 32;
		ByteBuffer frame = ByteBuffer.allocate(size + pad);
		frame.put(ascii("0123456789abcdef")).putInt(lengthField).put(msg).put(app);
		frame.put(repeat((byte) pad, pad));
		return frame.array();
	}

	private static String encryptFrame(byte[] frame, AesKey key) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key.key(), key.iv());
			return Base64.getEncoder().encodeToString(cipher.doFinal(frame));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] rawFrame(String encrypt, AesKey key) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key.key(), key.iv());
			return cipher.doFinal(Base64.getDecoder().decode(encrypt));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] repeat(byte value, int count) {
		byte[] bytes = new byte[count];
		Arrays.fill(bytes, value);
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void shouldDecryptWithEachKeyInTurnAndAfterAFailureOnTheSameThread() throws DecryptionException {
		// the thread's cipher is kept initialised between messages: a change of key or
		// direction, and a failure, must not leave it in a state that decrypts wrongly
		String tv5 = MessageCipher.encrypt(ascii("aaaabbbbccccdddd"), "我是中文abcd123", TV5_KEY, TV5_APPID);
		String large = MessageCipher.encrypt(ascii("aaaabbbbccccdddd"), "中".repeat(8_000), TV5_KEY, TV5_APPID);
		for (int round = 0; round < 3; round++) {
			assertThat(MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, TV3_APPID))
				.contains("\"debug_str\":\"hello world\"");
			assertThat(MessageCipher.decrypt(tv5, TV5_KEY, TV5_APPID)).isEqualTo("我是中文abcd123");
			assertThat(MessageCipher.decrypt(TV3_ENCRYPT, ZERO_KEY, TV3_APPID))
				.contains("\"debug_str\":\"hello world\"");
			assertThatExceptionOfType(DecryptionException.class)
				.isThrownBy(() -> MessageCipher.decrypt(TV3_ENCRYPT, TV5_KEY, TV3_APPID));
			assertThat(MessageCipher.decrypt(tv5, TV5_KEY, TV5_APPID)).isEqualTo("我是中文abcd123");
			assertThat(MessageCipher.encrypt(ascii("aaaabbbbccccdddd"), "我是中文abcd123", TV5_KEY, TV5_APPID))
				.isEqualTo(tv5);
			assertThat(MessageCipher.decrypt(large, TV5_KEY, TV5_APPID)).isEqualTo("中".repeat(8_000));
			assertThat(MessageCipher.decrypt(tv5, TV5_KEY, TV5_APPID)).isEqualTo("我是中文abcd123");
		}
	}

}
