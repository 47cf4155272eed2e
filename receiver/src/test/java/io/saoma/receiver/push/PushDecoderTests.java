package io.saoma.receiver.push;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.saoma.testsupport.wechat.ProtocolSamples;
import io.saoma.receiver.TestPushes;
import io.saoma.receiver.TestPushes.Keys;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class PushDecoderTests {

	private static final long NOW = 1714112445L;

	private static final Keys KEYS = new Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private static final String OLD_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	/**
	 * In plaintext mode, the weakest: accepts pushes in every mode (encrypted ones with
	 * its key).
	 */
	private static final WechatAccount ACCOUNT = new WechatAccount("main", KEYS.appId(), KEYS.token(),
			AesKey.decode(KEYS.encodingAesKey()), AesKey.decode(OLD_KEY), EncryptionMode.PLAINTEXT);

	private final PushDecoder decoder = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
			Duration.ofSeconds(300));

	private int nonces;

	@Test
	void shouldDecodeOfficialSafeModeJsonPushOfTv3() throws PushRejectedException {
		Push push = new Push(ProtocolSamples.TV3_QUERY,
				"{\"ToUserName\":\"gh_97417a04a28d\",\"Encrypt\":\"" + ProtocolSamples.TV3_ENCRYPT + "\"}",
				"application/json");
		WechatEvent event = decode(push);
		assertThat(event.getEncryption()).isEqualTo(EncryptionMode.SAFE);
		assertThat(event.getPayloadFormat()).isEqualTo(PayloadFormat.JSON);
		assertThat(event.getToUserName()).isEqualTo("gh_97417a04a28d");
		assertThat(event.getFromUserName()).isEqualTo("o9AgO5Kd5ggOC-bXrbNODIiE3bGY");
		assertThat(event.getCreateTime()).isEqualTo(1714112445L);
		assertThat(event.getMsgType()).isEqualTo("event");
		assertThat(event.getEvent()).isEqualTo("debug_demo");
		assertThat(event.getFields()).containsExactly(entry("debug_str", "hello world"));
		assertThat(event.getPayload()).startsWith("{\"ToUserName\":\"gh_97417a04a28d\"").endsWith("\"hello world\"}");
		assertThat(event.getRequest().getRawQuery()).isEqualTo(ProtocolSamples.TV3_QUERY);
		assertThat(StandardCharsets.UTF_8.decode(event.getRequest().getBody()).toString()).isEqualTo(push.body());
	}

	@Test
	void shouldAcceptOfficialPlaintextSignatureOfTv2() throws PushRejectedException {
		Push push = new Push(
				"signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452656&openid=FromUser",
				ProtocolSamples.SUBSCRIBE, "text/xml");
		PushDecoder decoder = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(1714037059L), ZoneOffset.UTC),
				Duration.ofSeconds(300));
		WechatEvent event = decoder.decode(ACCOUNT, push.toRequest(Instant.ofEpochSecond(1714037059L)));
		assertThat(event.getEncryption()).isEqualTo(EncryptionMode.PLAINTEXT);
		assertThat(event.getEvent()).isEqualTo("subscribe");
		assertThat(event.getPayload()).isEqualTo(ProtocolSamples.SUBSCRIBE);
	}

	@Test
	void shouldDecodeEverySectionFiveSampleInEveryMode() throws PushRejectedException {
		for (String xml : new String[] { ProtocolSamples.SUBSCRIBE, ProtocolSamples.SUBSCRIBE_QR, ProtocolSamples.SCAN,
				ProtocolSamples.UNSUBSCRIBE, ProtocolSamples.LOCATION, ProtocolSamples.CLICK, ProtocolSamples.VIEW,
				ProtocolSamples.TEMPLATESENDJOBFINISH, ProtocolSamples.TEXT, ProtocolSamples.IMAGE,
				ProtocolSamples.VOICE }) {
			WechatEvent plain = decode(TestPushes.plaintext(KEYS, NOW, fresh(), xml));
			WechatEvent safe = decode(TestPushes.safe(KEYS, NOW, "n2", xml));
			WechatEvent compatible = decode(TestPushes.compatible(KEYS, NOW, "n3", xml));
			assertThat(plain.getEncryption()).isEqualTo(EncryptionMode.PLAINTEXT);
			assertThat(safe.getEncryption()).isEqualTo(EncryptionMode.SAFE);
			assertThat(compatible.getEncryption()).isEqualTo(EncryptionMode.COMPATIBLE);
			for (WechatEvent event : new WechatEvent[] { safe, compatible }) {
				assertThat(event.getPayload()).isEqualTo(xml);
				assertThat(event.getMsgType()).isEqualTo(plain.getMsgType());
				assertThat(event.getEvent()).isEqualTo(plain.getEvent());
				assertThat(event.getEventKey()).isEqualTo(plain.getEventKey());
				assertThat(event.getTicket()).isEqualTo(plain.getTicket());
				assertThat(event.getMsgId()).isEqualTo(plain.getMsgId());
				assertThat(event.getFields()).isEqualTo(plain.getFields());
			}
		}
	}

	@Test
	void shouldPromoteLoginFieldsOfSubscribeThroughQrCodeAndScan() throws PushRejectedException {
		WechatEvent subscribe = decode(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SUBSCRIBE_QR));
		assertThat(subscribe.getToUserName()).isEqualTo("toUser");
		assertThat(subscribe.getFromUserName()).isEqualTo("FromUser");
		assertThat(subscribe.getCreateTime()).isEqualTo(123456789L);
		assertThat(subscribe.getEvent()).isEqualTo("subscribe");
		assertThat(subscribe.getEventKey()).isEqualTo("qrscene_123123");
		assertThat(subscribe.getTicket()).isEqualTo("TICKET");
		assertThat(subscribe.getFields()).isEmpty();
		WechatEvent scan = decode(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN));
		assertThat(scan.getEvent()).isEqualTo("SCAN");
		assertThat(scan.getEventKey()).isEqualTo("SCENE_VALUE");
		assertThat(scan.getTicket()).isEqualTo("TICKET");
		WechatEvent plain = decode(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SUBSCRIBE));
		assertThat(plain.getEventKey()).isNull();
		assertThat(plain.getTicket()).isNull();
	}

	@Test
	void shouldKeepOtherFieldsForAnalytics() throws PushRejectedException {
		assertThat(decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.LOCATION)).getFields()).containsOnly(
				entry("Latitude", "23.137466"), entry("Longitude", "113.352425"), entry("Precision", "119.385040"));
		assertThat(decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.CLICK)).getEventKey())
			.isEqualTo("EVENTKEY");
		WechatEvent view = decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.VIEW));
		assertThat(view.getEventKey()).isEqualTo("www.qq.com");
		assertThat(view.getFields()).containsOnly(entry("MenuId", "MENUID"));
		WechatEvent template = decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.TEMPLATESENDJOBFINISH));
		assertThat(template.getMsgId()).isEqualTo("200163836");
		assertThat(template.getFields()).containsOnly(entry("Status", "success"));
		WechatEvent text = decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.TEXT));
		assertThat(text.getMsgType()).isEqualTo("text");
		assertThat(text.getEvent()).isNull();
		assertThat(text.getMsgId()).isEqualTo("1234567890123456");
		assertThat(text.getFields()).containsOnly(entry("Content", "this is a test"), entry("MsgDataId", "xxxx"),
				entry("Idx", "xxxx"));
		assertThat(decode(TestPushes.plaintext(KEYS, NOW, fresh(), ProtocolSamples.IMAGE)).getFields())
			.containsOnly(entry("PicUrl", "this is a url"), entry("MediaId", "media_id"));
		assertThat(decode(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.VOICE)).getFields())
			.containsOnly(entry("MediaId", "media_id"), entry("Format", "Format"), entry("Recognition", "腾讯微信团队"));
	}

	@Test
	void shouldDecodeJsonInnerMessagesIntoTheSameEvent() throws PushRejectedException {
		String json = "{\"ToUserName\":\"toUser\",\"FromUserName\":\"FromUser\",\"CreateTime\":123456789,\"MsgType\":\"event\",\"Event\":\"SCAN\",\"EventKey\":\"SCENE_VALUE\",\"Ticket\":\"TICKET\"}";
		WechatEvent fromJson = decode(TestPushes.safeJson(KEYS, NOW, "n", "toUser", json));
		WechatEvent fromXml = decode(TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN));
		assertThat(fromJson.getPayloadFormat()).isEqualTo(PayloadFormat.JSON);
		assertThat(fromXml.getPayloadFormat()).isEqualTo(PayloadFormat.XML);
		assertThat(fromJson).usingRecursiveComparison()
			.comparingOnlyFields("toUserName", "fromUserName", "createTime", "msgType", "event", "eventKey", "ticket",
					"fields")
			.isEqualTo(fromXml);
		Push plainJson = TestPushes.plaintext(KEYS, NOW, "n", json);
		assertThat(decode(plainJson).getEventKey()).isEqualTo("SCENE_VALUE");
	}

	@Test
	void shouldAcceptThePreviousKeyDuringRotation() throws PushRejectedException {
		Keys rotated = new Keys(KEYS.token(), OLD_KEY, KEYS.appId());
		assertThat(decode(TestPushes.safe(rotated, NOW, "n", ProtocolSamples.SCAN)).getTicket()).isEqualTo("TICKET");
	}

	@Test
	void shouldRejectAnUnknownKey() {
		Keys unknown = new Keys(KEYS.token(), "B".repeat(43), KEYS.appId());
		assertRejected(TestPushes.safe(unknown, NOW, "n", ProtocolSamples.SCAN), Outcome.DECRYPT_FAILED);
	}

	@Test
	void shouldRejectAnotherAccountsAppId() {
		Keys other = new Keys(KEYS.token(), KEYS.encodingAesKey(), "wx0000000000000000");
		assertRejected(TestPushes.safe(other, NOW, "n", ProtocolSamples.SCAN), Outcome.DECRYPT_FAILED,
				PushDecoder.CANNOT_DECRYPT, "decryption failed (APPID_MISMATCH): frame was encrypted for another AppID;"
						+ " the previous key failed too (BAD_PADDING)");
	}

	@Test
	void shouldRejectBadSignatures() {
		assertRejected(
				TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("signature", "0".repeat(40)),
				Outcome.BAD_SIGNATURE, "signature does not match");
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("signature", null),
				Outcome.BAD_SIGNATURE);
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("nonce", "other"),
				Outcome.BAD_SIGNATURE);
		Keys otherToken = new Keys("BBBBB", KEYS.encodingAesKey(), KEYS.appId());
		assertRejected(TestPushes.plaintext(otherToken, NOW, "n", ProtocolSamples.SCAN), Outcome.BAD_SIGNATURE);
	}

	@Test
	void shouldRejectBadMsgSignatures() {
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertRejected(safe.withParameter("msg_signature", "0".repeat(40)), Outcome.BAD_SIGNATURE,
				"msg_signature does not match");
		assertRejected(safe.withParameter("msg_signature", null), Outcome.BAD_SIGNATURE,
				"query parameter msg_signature is missing");
		// msg_signature covers the ciphertext: another valid ciphertext with the old
		// signature is refused
		Push other = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SUBSCRIBE_QR);
		assertRejected(safe.withBody(other.body()), Outcome.BAD_SIGNATURE);
		// a valid plaintext signature does not stand in for msg_signature
		assertRejected(TestPushes.compatible(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("msg_signature", null),
				Outcome.BAD_SIGNATURE);
	}

	@Test
	void shouldRequireMsgSignatureWhenABodyCarriesEncryptWithoutEncryptType() {
		Push compatible = TestPushes.compatible(KEYS, NOW, "n", ProtocolSamples.SCAN)
			.withParameter("encrypt_type", null);
		assertRejected(compatible.withParameter("msg_signature", null), Outcome.BAD_SIGNATURE);
	}

	@Test
	void shouldRejectStaleAndFutureTimestamps() {
		assertRejected(TestPushes.plaintext(KEYS, NOW - 301, "n", ProtocolSamples.SCAN), Outcome.REPLAYED,
				"timestamp is more than 300 s away from server time");
		assertRejected(TestPushes.plaintext(KEYS, NOW + 301, "n", ProtocolSamples.SCAN), Outcome.REPLAYED);
	}

	@Test
	void shouldAcceptAnyTimestampWhenTheReplayWindowIsOff() throws PushRejectedException {
		PushDecoder unchecked = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), Duration.ZERO);
		Push old = TestPushes.plaintext(KEYS, NOW - 86_400, "n", ProtocolSamples.SCAN);
		assertThat(unchecked.decode(ACCOUNT, old.toRequest(Instant.ofEpochSecond(NOW))).getEvent()).isEqualTo("SCAN");
	}

	@Test
	void shouldRejectMissingOrNonNumericParameters() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertRejected(push.withParameter("timestamp", "soon"), Outcome.MALFORMED, "timestamp is not a number");
		// missing parameters are 401 as in the web layer, which refuses them before
		// reading the body
		assertRejected(push.withParameter("timestamp", null), Outcome.BAD_SIGNATURE,
				"query parameter timestamp is missing");
		assertRejected(push.withParameter("nonce", null), Outcome.BAD_SIGNATURE, "query parameter nonce is missing");
		assertRejected(push.withParameter("signature", null), Outcome.BAD_SIGNATURE,
				"query parameter signature is missing");
	}

	@Test
	void shouldRejectBadBase64() {
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		String garbage = "%%%not-base64%%%";
		Push tampered = new Push(
				safe.withParameter("msg_signature",
						io.saoma.receiver.crypto.WechatSignature.compute(KEYS.token(), Long.toString(NOW), "n",
								garbage))
					.query(),
				"<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[" + garbage + "]]></Encrypt></xml>",
				"text/xml");
		assertRejected(tampered, Outcome.DECRYPT_FAILED, PushDecoder.CANNOT_DECRYPT,
				"decryption failed (BAD_BASE64): Encrypt is not valid Base64");
	}

	@Test
	void shouldRejectDoctypeInTheEnvelopeAndInTheDecryptedMessage() {
		String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				+ "<xml><ToUserName>&x;</ToUserName></xml>";
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", xxe), Outcome.MALFORMED, "DOCTYPE is not allowed");
		assertRejected(
				TestPushes.safe(KEYS, NOW, "n",
						ProtocolSamples.SCAN.replace("<xml>", "<!DOCTYPE xml [<!ENTITY a \"aaaa\">]><xml>")),
				Outcome.MALFORMED, "decrypted message: DOCTYPE is not allowed");
	}

	@Test
	void shouldRejectMalformedBodies() {
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", "<xml><ToUserName>a</xml>"), Outcome.MALFORMED);
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", ""), Outcome.MALFORMED, "body is empty");
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", "ToUserName=a"), Outcome.MALFORMED,
				"body is neither XML nor JSON");
		assertRejected(
				TestPushes.plaintext(KEYS, NOW, "n",
						ProtocolSamples.SCAN.replace("<FromUserName><![CDATA[FromUser]]></FromUserName>", "")),
				Outcome.MALFORMED, "message has no FromUserName");
		assertRejected(TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN.replace("123456789", "yesterday")),
				Outcome.MALFORMED, "CreateTime is not a number");
		for (String absurd : new String[] { "10000000000000000", "100000000000", Long.toString(Long.MAX_VALUE), "-1",
				Long.toString(Long.MIN_VALUE) }) {
			assertRejected(TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN.replace("123456789", absurd)),
					Outcome.MALFORMED, "CreateTime is not in [0, 10^11) seconds");
		}
		assertRejected(TestPushes.safe(KEYS, NOW, "n", "plain words"), Outcome.MALFORMED,
				"decrypted message: decrypted message is neither XML nor JSON");
	}

	@Test
	void shouldRejectEncryptTypeAesWithoutEncrypt() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("encrypt_type", "aes");
		assertRejected(push, Outcome.MALFORMED, "encrypt_type=aes but the body has no Encrypt field");
	}

	@Test
	void shouldRejectEncryptedPushesForAnAccountWithoutKey() {
		WechatAccount plaintextOnly = new WechatAccount("plain", KEYS.appId(), KEYS.token(), null, null);
		Push push = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		assertThatExceptionOfType(PushRejectedException.class)
			.isThrownBy(() -> this.decoder.decode(plaintextOnly, push.toRequest(Instant.ofEpochSecond(NOW))))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(Outcome.DECRYPT_FAILED));
	}

	@Test
	void shouldGiveEachDeliveryItsOwnTimeOrderedEventId() throws PushRejectedException {
		Push push = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		WechatEvent first = this.decoder.decode(ACCOUNT, push.toRequest(Instant.ofEpochMilli(NOW * 1000)));
		WechatEvent retry = this.decoder.decode(ACCOUNT, push.toRequest(Instant.ofEpochMilli(NOW * 1000 + 5000)));
		assertThat(first.getEventId()).isNotEqualTo(retry.getEventId());
		assertThat(java.util.UUID.fromString(first.getEventId()).version()).isEqualTo(7);
		assertThat(first.getEventId()).isLessThan(retry.getEventId());
		assertThat(retry.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(NOW * 1000 + 5000));
		assertThat(Map.of("account", first.getAccount(), "appId", first.getAppId()))
			.containsOnly(entry("account", "main"), entry("appId", KEYS.appId()));
	}

	@Test
	void shouldReadTheSameEventWhetherTheSafeEnvelopeTakesTheFastPathOrTheFullParse() throws PushRejectedException {
		Push plain = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		// an XML declaration is well-formed but not what SafeEnvelope recognises
		Push declared = new Push(plain.query(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + plain.body(),
				plain.contentType());
		WechatEvent fast = decode(plain);
		WechatEvent full = decode(declared);
		assertThat(fast.getEncryption()).isEqualTo(full.getEncryption()).isEqualTo(EncryptionMode.SAFE);
		fast.setEventId(full.getEventId());
		fast.setRequest(full.getRequest());
		assertThat(fast).isEqualTo(full);
		Push tampered = new Push(plain.query().replace("msg_signature=", "msg_signature=0"), plain.body(),
				plain.contentType());
		assertRejected(tampered, Outcome.BAD_SIGNATURE, "msg_signature does not match");
	}

	/** A nonce not used before: plaintext pushes that re-use one need the same body. */
	private String fresh() {
		return "n" + (++this.nonces);
	}

	private WechatEvent decode(Push push) throws PushRejectedException {
		return this.decoder.decode(ACCOUNT, push.toRequest(Instant.ofEpochSecond(NOW)));
	}

	private void assertRejected(Push push, Outcome outcome) {
		assertThatExceptionOfType(PushRejectedException.class).isThrownBy(() -> decode(push))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(outcome));
	}

	private void assertRejected(Push push, Outcome outcome, String message) {
		assertRejected(push, outcome, message, message);
	}

	private void assertRejected(Push push, Outcome outcome, String message, String logDetail) {
		assertThatExceptionOfType(PushRejectedException.class).isThrownBy(() -> decode(push))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(outcome))
			.satisfies((ex) -> assertThat(ex.logDetail()).isEqualTo(logDetail));
	}

}
