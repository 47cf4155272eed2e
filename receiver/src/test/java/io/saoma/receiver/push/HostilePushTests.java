package io.saoma.receiver.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.saoma.testsupport.wechat.ProtocolSamples;
import io.saoma.receiver.TestPushes;
import io.saoma.receiver.TestPushes.Keys;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.parse.MessageFields;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * What someone who knows the push URL (or has captured one push) can send, and what the
 * decoder does with it: nothing expensive before authentication, nothing forged
 * published, only {@link PushRejectedException}s.
 */
class HostilePushTests {

	private static final long NOW = 1714112445L;

	private static final Keys KEYS = new Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private static final WechatAccount SAFE = account(EncryptionMode.SAFE);

	private static final WechatAccount COMPATIBLE = account(EncryptionMode.COMPATIBLE);

	private static final WechatAccount PLAINTEXT = new WechatAccount("plain", KEYS.appId(), KEYS.token(), null, null);

	private static final String BOMB = "<A/>".repeat(16_370);

	private final PushDecoder decoder = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
			Duration.ofSeconds(300));

	private static WechatAccount account(EncryptionMode mode) {
		return new WechatAccount(mode.name().toLowerCase(), KEYS.appId(), KEYS.token(),
				AesKey.decode(KEYS.encodingAesKey()), null, mode);
	}

	@Test
	void shouldDefaultToSafeModeWithAKeyAndPlaintextWithout() {
		assertThat(new WechatAccount("a", KEYS.appId(), KEYS.token(), AesKey.decode(KEYS.encodingAesKey()), null)
			.encryptionMode()).isEqualTo(EncryptionMode.SAFE);
		assertThat(PLAINTEXT.encryptionMode()).isEqualTo(EncryptionMode.PLAINTEXT);
	}

	@Test
	void shouldRefuseARepetitionBombInAnAuthenticatedPlaintextBody() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", "<xml>" + BOMB + "</xml>");
		assertThat(push.body()).hasSizeGreaterThan(65_000);
		assertRejected(PLAINTEXT, push, Outcome.MALFORMED,
				"message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldRefuseARepetitionBombInAJsonArray() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", "{\"A\":[" + "1,".repeat(32_700) + "1]}");
		assertRejected(PLAINTEXT, push, Outcome.MALFORMED,
				"message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldCheckMsgSignatureBeforeParsingAnUnauthenticatedSafeModeEnvelope() {
		// a full parse would refuse this as malformed (too many fields): BAD_SIGNATURE
		// shows it was never parsed
		Push valid = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		String forged = "<xml><ToUserName><![CDATA[gh]]></ToUserName>" + BOMB
				+ "<Encrypt><![CDATA[AAAA]]></Encrypt></xml>";
		assertRejected(SAFE, valid.withBody(forged), Outcome.BAD_SIGNATURE, "msg_signature does not match");
		String json = "{\"ToUserName\":\"gh\",\"A\":[" + "1,".repeat(32_700) + "1],\"Encrypt\":\"AAAA\"}";
		assertRejected(SAFE, valid.withBody(json), Outcome.BAD_SIGNATURE, "msg_signature does not match");
	}

	@Test
	void shouldRefuseARepetitionBombNextToACapturedEncryptAfterAuthenticationAsMalformed() {
		Push valid = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		String body = valid.body().replace("</ToUserName>", "</ToUserName>" + BOMB);
		assertRejected(COMPATIBLE, valid.withBody(body), Outcome.MALFORMED,
				"envelope: message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldAnswerOnlyPushRejectedExceptionsForEveryTruncationOfASafeModePush() {
		for (Push push : List.of(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN),
				TestPushes.compatible(KEYS, NOW, "n", ProtocolSamples.SCAN), TestPushes.safeJson(KEYS, NOW, "n", "gh",
						"{\"ToUserName\":\"gh\",\"FromUserName\":\"u\",\"CreateTime\":1,\"MsgType\":\"event\"}"))) {
			for (int cut = 0; cut < push.body().length(); cut++) {
				Push truncated = push.withBody(push.body().substring(0, cut));
				try {
					this.decoder.decode(COMPATIBLE, truncated.toRequest(Instant.ofEpochSecond(NOW)));
					fail("accepted a body cut at " + cut + ": " + truncated.body());
				}
				catch (PushRejectedException ex) {
					assertThat(ex.outcome()).as("cut at %d", cut).isIn(Outcome.MALFORMED, Outcome.BAD_SIGNATURE);
				}
			}
		}
	}

	@Test
	void shouldAnswerOnlyPushRejectedExceptionsForEveryTruncationOfAnAuthenticatedMessage() throws Exception {
		String xml = ProtocolSamples.SCAN.strip();
		for (int cut = 0; cut < xml.length(); cut++) {
			Push plain = TestPushes.plaintext(KEYS, NOW, "p" + cut, xml.substring(0, cut));
			Push safe = signedSafe(encryptRaw(xml.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
			for (Push push : List.of(plain, safe)) {
				WechatAccount account = (push == plain) ? PLAINTEXT : SAFE;
				try {
					this.decoder.decode(account, push.toRequest(Instant.ofEpochSecond(NOW)));
					fail("accepted a message cut at " + cut);
				}
				catch (PushRejectedException ex) {
					assertThat(ex.outcome()).as("cut at %d", cut).isEqualTo(Outcome.MALFORMED);
				}
			}
		}
	}

	@Test
	void shouldRefuseABodyThatIsNotUtf8() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		byte[] body = push.body().replace("FromUser", "From\u00e9User").getBytes(StandardCharsets.UTF_8);
		int at = indexOf(body, (byte) 0xC3);
		body[at + 1] = '(';
		assertRejected(PLAINTEXT, request(push, body), Outcome.MALFORMED, "body is not valid UTF-8");
		byte[] surrogate = push.body().replace("FromUser", "From?User").getBytes(StandardCharsets.UTF_8);
		byte[] withSurrogate = splice(surrogate, indexOf(surrogate, (byte) '?'),
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
		assertRejected(PLAINTEXT, request(push, withSurrogate), Outcome.MALFORMED, "body is not valid UTF-8");
	}

	@Test
	void shouldRefuseADecryptedMessageThatIsNotUtf8() throws Exception {
		byte[] message = ProtocolSamples.SCAN.replace("FromUser", "From\u00e9User").getBytes(StandardCharsets.UTF_8);
		message[indexOf(message, (byte) 0xC3) + 1] = '(';
		String encrypt = encryptRaw(message);
		Push push = signedSafe(encrypt);
		assertRejected(SAFE, push, Outcome.MALFORMED, "decrypted message is not valid UTF-8");
	}

	@Test
	void shouldAcceptAByteOrderMarkBeforeTheBodyAndTheDecryptedMessage() throws Exception {
		Push plain = TestPushes.plaintext(KEYS, NOW, "n", "\uFEFF" + ProtocolSamples.SCAN);
		assertThat(decode(PLAINTEXT, plain).getEvent()).isEqualTo("SCAN");
		Push json = TestPushes.plaintext(KEYS, NOW, "j", "\uFEFF{\"ToUserName\":\"a\",\"FromUserName\":\"b\","
				+ "\"CreateTime\":1,\"MsgType\":\"event\",\"Event\":\"SCAN\"}");
		assertThat(decode(PLAINTEXT, json).getEvent()).isEqualTo("SCAN");
		Push safe = TestPushes.safe(KEYS, NOW, "s", ProtocolSamples.SCAN);
		assertThat(decode(SAFE, safe.withBody("\uFEFF" + safe.body())).getEncryption()).isEqualTo(EncryptionMode.SAFE);
		Push innerBom = signedSafe(encryptRaw(("\uFEFF" + ProtocolSamples.SCAN).getBytes(StandardCharsets.UTF_8)));
		assertThat(decode(SAFE, innerBom).getPayload()).isEqualTo(ProtocolSamples.SCAN);
	}

	@Test
	void shouldRefuseAPlaintextPushForAnAccountWithAKeyAsADowngrade() throws PushRejectedException {
		// a captured safe-mode URL without encrypt_type and msg_signature, and a forged
		// SCAN: signature still matches
		Push captured = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SUBSCRIBE);
		Push forged = captured.withParameter("encrypt_type", null)
			.withParameter("msg_signature", null)
			.withBody(ProtocolSamples.SCAN);
		for (WechatAccount account : List.of(SAFE, COMPATIBLE)) {
			assertThatExceptionOfType(PushRejectedException.class).isThrownBy(() -> decode(account, forged))
				.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(Outcome.BAD_SIGNATURE))
				.satisfies((ex) -> assertThat(ex.getMessage())
					.isEqualTo("this account accepts only encrypted pushes (encrypt_type=aes with msg_signature)"))
				.satisfies((ex) -> assertThat(ex.logDetail()).contains("downgrade")
					.contains("wechat.accounts." + account.id() + ".encryption-mode is " + account.id())
					.contains("signature matches"));
		}
		assertThat(decode(PLAINTEXT, forged).getEvent()).isEqualTo("SCAN");
	}

	@Test
	void shouldRefuseACompatibleEnvelopeForASafeModeAccount() throws PushRejectedException {
		Push compatible = TestPushes.compatible(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertThatExceptionOfType(PushRejectedException.class).isThrownBy(() -> decode(SAFE, compatible))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(Outcome.BAD_SIGNATURE))
			.satisfies((ex) -> assertThat(ex.logDetail()).contains("compatible-mode envelope refused as a downgrade"));
		assertThat(decode(COMPATIBLE, compatible).getEncryption()).isEqualTo(EncryptionMode.COMPATIBLE);
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertThat(decode(COMPATIBLE, safe).getEncryption()).isEqualTo(EncryptionMode.SAFE);
		assertThat(decode(SAFE, safe).getEncryption()).isEqualTo(EncryptionMode.SAFE);
	}

	@Test
	void shouldRefuseEncryptedPushesForAPlaintextAccountWithoutKey() {
		assertThatExceptionOfType(PushRejectedException.class)
			.isThrownBy(() -> decode(PLAINTEXT, TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN)))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(Outcome.DECRYPT_FAILED))
			.withMessage(PushDecoder.CANNOT_DECRYPT);
	}

	@Test
	void shouldRefuseAnotherBodyUnderAPlaintextTimestampAndNonceSeenBefore() throws PushRejectedException {
		Push first = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SUBSCRIBE);
		assertThat(decode(PLAINTEXT, first).getEvent()).isEqualTo("subscribe");
		// WeChat's retry: same timestamp, nonce and body
		assertThat(decode(PLAINTEXT, first).getEvent()).isEqualTo("subscribe");
		assertRejected(PLAINTEXT, first.withBody(ProtocolSamples.SCAN), Outcome.REPLAYED,
				"timestamp and nonce were already used with another body");
		// another account, or another nonce, is another pair
		WechatAccount other = new WechatAccount("other", KEYS.appId(), KEYS.token(), null, null);
		assertThat(decode(other, first.withBody(ProtocolSamples.SCAN)).getEvent()).isEqualTo("SCAN");
		assertThat(decode(PLAINTEXT, TestPushes.plaintext(KEYS, NOW, "m", ProtocolSamples.SCAN)).getEvent())
			.isEqualTo("SCAN");
	}

	@Test
	void shouldNotReserveAPlaintextPairWithABodyThatWasRefused() throws PushRejectedException {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertRejected(PLAINTEXT, push.withBody("<xml><ToUserName>x</ToUserName></xml>"), Outcome.MALFORMED,
				"message has no FromUserName");
		assertThat(decode(PLAINTEXT, push).getEvent()).isEqualTo("SCAN");
	}

	@Test
	void shouldAnswerOneMessageForEveryDecryptionFailure() {
		List<PushRejectedException> failures = new ArrayList<>();
		for (String encrypt : List.of("%%%not-base64%%%", "QUJD", // bad Base64, 3 bytes
				"A".repeat(44), // 33 bytes: not a multiple of 32
				TestPushes.safe(new Keys(KEYS.token(), "B".repeat(43), KEYS.appId()), NOW, "n", "x")
					.body()
					.replaceAll("(?s).*<!\\[CDATA\\[([^\\]]*)\\]\\]></Encrypt>.*", "$1"), // wrong
																							// key
				TestPushes.safe(new Keys(KEYS.token(), KEYS.encodingAesKey(), "wx0"), NOW, "n", "x")
					.body()
					.replaceAll("(?s).*<!\\[CDATA\\[([^\\]]*)\\]\\]></Encrypt>.*", "$1"))) { // another
																								// AppID
			try {
				decode(SAFE, signedSafe(encrypt));
				fail("decrypted " + encrypt);
			}
			catch (PushRejectedException ex) {
				failures.add(ex);
			}
		}
		assertThat(failures).allSatisfy((ex) -> {
			assertThat(ex.outcome()).isEqualTo(Outcome.DECRYPT_FAILED);
			assertThat(ex.getMessage()).isEqualTo(PushDecoder.CANNOT_DECRYPT);
			assertThat(ex.logDetail()).startsWith("decryption failed (").doesNotContainPattern("padding byte \\d");
		});
		assertThat(failures).extracting(PushRejectedException::logDetail)
			.anySatisfy((detail) -> assertThat(detail).contains("BAD_BASE64"))
			.anySatisfy((detail) -> assertThat(detail).contains("BAD_CIPHERTEXT_LENGTH"))
			.anySatisfy((detail) -> assertThat(detail).contains("APPID_MISMATCH"));
	}

	@Test
	void shouldNotOverflowWhenComparingAFarAwayTimestamp() {
		for (long timestamp : new long[] { NOW + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, NOW - Long.MAX_VALUE,
				-NOW }) {
			assertRejected(PLAINTEXT, TestPushes.plaintext(KEYS, timestamp, "n", ProtocolSamples.SCAN),
					Outcome.REPLAYED, "timestamp is more than 300 s away from server time");
			assertRejected(SAFE, TestPushes.safe(KEYS, timestamp, "n", ProtocolSamples.SCAN), Outcome.REPLAYED,
					"timestamp is more than 300 s away from server time");
		}
	}

	@Test
	void shouldCheckTheTimestampOnlyAfterTheSignature() {
		Push stale = TestPushes.plaintext(KEYS, NOW - 3600, "n", ProtocolSamples.SCAN);
		assertRejected(PLAINTEXT, stale.withParameter("signature", "0".repeat(40)), Outcome.BAD_SIGNATURE,
				"signature does not match");
		Push staleSafe = TestPushes.safe(KEYS, NOW - 3600, "n", ProtocolSamples.SCAN);
		assertRejected(SAFE, staleSafe.withParameter("msg_signature", "0".repeat(40)), Outcome.BAD_SIGNATURE,
				"msg_signature does not match");
		assertRejected(SAFE, staleSafe, Outcome.REPLAYED, "timestamp is more than 300 s away from server time");
	}

	@Test
	void shouldRefuseEnvelopesWhoseEncryptTheScanAndTheParserWouldReadDifferently() {
		Push valid = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		String encrypt = valid.body().replaceAll("(?s).*<!\\[CDATA\\[([^\\]]*)\\]\\]></Encrypt>.*", "$1");
		// nested one level down: signed, but not the envelope's Encrypt
		assertRejected(SAFE,
				valid.withBody("<xml><ToUserName>gh</ToUserName><X><Encrypt>" + encrypt + "</Encrypt></X></xml>"),
				Outcome.MALFORMED, "envelope: Encrypt is not one top-level field");
		// two of them, one hidden in a comment
		assertRejected(SAFE,
				valid.withBody("<xml><!-- <Encrypt>AAAA</Encrypt> --><Encrypt>" + encrypt + "</Encrypt></xml>"),
				Outcome.MALFORMED, "envelope has more than one Encrypt element");
		assertRejected(SAFE, valid.withBody("{\"Encrypt\":\"" + encrypt + "\",\"Encrypt\":\"AAAA\"}"),
				Outcome.MALFORMED, "envelope has more than one Encrypt field");
		// plain text Encrypt is fine
		assertThat(decodeQuietly(SAFE,
				valid.withBody("<xml><ToUserName>gh</ToUserName><Encrypt>" + encrypt + "</Encrypt></xml>")))
			.isNotNull();
	}

	private WechatEvent decodeQuietly(WechatAccount account, Push push) {
		try {
			return decode(account, push);
		}
		catch (PushRejectedException ex) {
			throw new AssertionError(ex.outcome() + ": " + ex.logDetail());
		}
	}

	private WechatEvent decode(WechatAccount account, Push push) throws PushRejectedException {
		return this.decoder.decode(account, push.toRequest(Instant.ofEpochSecond(NOW)));
	}

	private WechatEvent decode(WechatAccount account, PushRequest request) throws PushRejectedException {
		return this.decoder.decode(account, request);
	}

	private void assertRejected(WechatAccount account, Push push, Outcome outcome, String message) {
		assertRejected(account, push.toRequest(Instant.ofEpochSecond(NOW)), outcome, message);
	}

	private void assertRejected(WechatAccount account, PushRequest request, Outcome outcome, String message) {
		assertThatExceptionOfType(PushRejectedException.class).isThrownBy(() -> decode(account, request))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(outcome))
			.withMessage(message);
	}

	private static PushRequest request(Push push, byte[] body) {
		PushRequest request = push.toRequest(Instant.ofEpochSecond(NOW));
		return new PushRequest(request.signature(), request.timestamp(), request.nonce(), request.encryptType(),
				request.msgSignature(), request.rawQuery(), request.contentType(), body, request.receivedAt());
	}

	private static Push signedSafe(String encrypt) {
		String ts = Long.toString(NOW);
		String query = "signature=" + WechatSignature.compute(KEYS.token(), ts, "n") + "&timestamp=" + ts
				+ "&nonce=n&encrypt_type=aes&msg_signature=" + WechatSignature.compute(KEYS.token(), ts, "n", encrypt);
		return new Push(query,
				"<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>",
				"text/xml");
	}

	/**
	 * Encrypts raw message bytes as WeChat does (the cipher only takes text, which is
	 * always valid UTF-8).
	 */
	private static String encryptRaw(byte[] message) throws Exception {
		byte[] appId = KEYS.appId().getBytes(StandardCharsets.UTF_8);
		int length = 20 + message.length + appId.length;
		int pad = 32 - (length % 32);
		ByteBuffer frame = ByteBuffer.allocate(length + pad);
		frame.put(new byte[16]).putInt(message.length).put(message).put(appId);
		for (int i = 0; i < pad; i++) {
			frame.put((byte) pad);
		}
		byte[] key = new byte[32]; // 43 x 'A'
		Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
		return java.util.Base64.getEncoder().encodeToString(cipher.doFinal(frame.array()));
	}

	private static int indexOf(byte[] bytes, byte b) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		throw new IllegalArgumentException("not found");
	}

	private static byte[] splice(byte[] bytes, int at, byte[] replacement) {
		byte[] out = new byte[bytes.length - 1 + replacement.length];
		System.arraycopy(bytes, 0, out, 0, at);
		System.arraycopy(replacement, 0, out, at, replacement.length);
		System.arraycopy(bytes, at + 1, out, at + replacement.length, bytes.length - at - 1);
		return out;
	}

}
