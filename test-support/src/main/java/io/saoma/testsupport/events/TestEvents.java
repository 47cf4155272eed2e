package io.saoma.testsupport.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;

/**
 * Builds {@link WechatEvent} records as the receiver publishes them to
 * {@code wechat.events}, so that the stages after it are tested without it: the payload
 * is the XML of the fields set, the original request is the body WeChat would have sent
 * in the chosen encryption mode (a safe-mode body carries an opaque {@code <Encrypt>}),
 * and the dedupId is computed as the receiver does. Every value a test does not set has a
 * default; the user is a new random openid.
 *
 * <pre class="code">
 * WechatEvent scan = TestEvents.scan("scene-1", "TICKET-1").from(openId).build();
 * WechatEvent legacy = TestEvents.subscribe("scene-1", "TICKET-1").withoutDedupId().build();
 * </pre>
 */
public final class TestEvents {

	/** The account id of an event unless set. */
	public static final String ACCOUNT = "main";

	/** The AppID of an event unless set. */
	public static final String APP_ID = "wxba5fad812f8e6fb9";

	/** The account's original id (ToUserName) unless set. */
	public static final String TO_USER_NAME = "gh_test";

	private String eventId = UUID.randomUUID().toString();

	private String account = ACCOUNT;

	private String appId = APP_ID;

	private String toUserName = TO_USER_NAME;

	private String fromUserName = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);

	private long createTime = Instant.now().getEpochSecond();

	private final String msgType;

	private String event;

	private String eventKey;

	private String ticket;

	private String msgId;

	private final Map<String, String> fields = new LinkedHashMap<>();

	private String payload;

	private Instant receivedAt = Instant.now();

	private EncryptionMode encryption = EncryptionMode.PLAINTEXT;

	private OriginalRequest request;

	private boolean dedupId = true;

	private TestEvents(String msgType) {
		this.msgType = msgType;
	}

	/**
	 * A push of {@code MsgType=event}.
	 * @param event the Event, case as WeChat sends it
	 * @return a builder
	 */
	public static TestEvents event(String event) {
		TestEvents builder = new TestEvents("event");
		builder.event = event;
		return builder;
	}

	/**
	 * A scan of a temporary QR code by a user who already follows the account.
	 * @param scene the QR code's scene, the EventKey of a SCAN
	 * @param ticket the QR code's ticket
	 * @return a builder
	 */
	public static TestEvents scan(String scene, String ticket) {
		return event("SCAN").eventKey(scene).ticket(ticket);
	}

	/**
	 * A scan of a temporary QR code by a user who follows the account with it.
	 * @param scene the QR code's scene; the EventKey is {@code qrscene_<scene>}
	 * @param ticket the QR code's ticket
	 * @return a builder
	 */
	public static TestEvents subscribe(String scene, String ticket) {
		return event("subscribe").eventKey("qrscene_" + scene).ticket(ticket);
	}

	/**
	 * An ordinary message (text, image, voice, location, ...).
	 * @param msgType the MsgType
	 * @return a builder
	 */
	public static TestEvents message(String msgType) {
		return new TestEvents(msgType);
	}

	public TestEvents eventId(String eventId) {
		this.eventId = eventId;
		return this;
	}

	public TestEvents account(String account) {
		this.account = account;
		return this;
	}

	public TestEvents appId(String appId) {
		this.appId = appId;
		return this;
	}

	public TestEvents toUserName(String toUserName) {
		this.toUserName = toUserName;
		return this;
	}

	/**
	 * The user who sent the push.
	 * @param openId the user's openid for the account (FromUserName)
	 * @return this builder
	 */
	public TestEvents from(String openId) {
		this.fromUserName = openId;
		return this;
	}

	/**
	 * WeChat's CreateTime.
	 * @param epochSeconds Unix seconds
	 * @return this builder
	 */
	public TestEvents createTime(long epochSeconds) {
		this.createTime = epochSeconds;
		return this;
	}

	public TestEvents createTime(Instant createTime) {
		return createTime(createTime.getEpochSecond());
	}

	/**
	 * Overrides the EventKey; {@code null} for none.
	 * @param eventKey the EventKey as sent
	 * @return this builder
	 */
	public TestEvents eventKey(String eventKey) {
		this.eventKey = eventKey;
		return this;
	}

	/**
	 * Overrides the Ticket; {@code null} for none.
	 * @param ticket the Ticket
	 * @return this builder
	 */
	public TestEvents ticket(String ticket) {
		this.ticket = ticket;
		return this;
	}

	public TestEvents msgId(String msgId) {
		this.msgId = msgId;
		return this;
	}

	/**
	 * Adds one of the type's other fields (Latitude, Content, MenuId, ...).
	 * @param name the element's name
	 * @param value its text
	 * @return this builder
	 */
	public TestEvents field(String name, String value) {
		this.fields.put(name, value);
		return this;
	}

	/**
	 * The inner message exactly as received, instead of the XML of the fields set.
	 * @param payload the XML (or JSON) WeChat sent
	 * @return this builder
	 */
	public TestEvents payload(String payload) {
		this.payload = payload;
		return this;
	}

	public TestEvents receivedAt(Instant receivedAt) {
		this.receivedAt = receivedAt;
		return this;
	}

	/**
	 * The encryption mode the push arrived in, which shapes the original request's body
	 * and query.
	 * @param encryption the mode; {@code PLAINTEXT} unless set
	 * @return this builder
	 */
	public TestEvents encryption(EncryptionMode encryption) {
		this.encryption = encryption;
		return this;
	}

	/**
	 * The original request exactly, instead of one made for the encryption mode.
	 * @param rawQuery the query string
	 * @param contentType the Content-Type
	 * @param body the body
	 * @return this builder
	 */
	public TestEvents request(String rawQuery, String contentType, String body) {
		this.request = new OriginalRequest(rawQuery, contentType,
				ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
		return this;
	}

	/**
	 * Leaves the dedupId out, as in records written before {@code WechatEvent} v2.
	 * @return this builder
	 */
	public TestEvents withoutDedupId() {
		this.dedupId = false;
		return this;
	}

	/**
	 * The event.
	 * @return a new record
	 */
	public WechatEvent build() {
		String inner = (this.payload != null) ? this.payload : xml();
		WechatEvent built = new WechatEvent(this.eventId, this.account, this.appId, this.toUserName, this.fromUserName,
				this.createTime, this.msgType, this.event, this.eventKey, this.ticket, this.msgId,
				new LinkedHashMap<>(this.fields), inner, PayloadFormat.XML, this.receivedAt, this.encryption,
				(this.request != null) ? this.request : request(inner), null);
		if (this.dedupId) {
			built.setDedupId(DedupIds.compute(built));
		}
		return built;
	}

	/**
	 * Another delivery of the same push, as WeChat retries it: a new eventId, the same
	 * dedupId.
	 * @param push the first delivery
	 * @return the retry
	 */
	public static WechatEvent retryOf(WechatEvent push) {
		return WechatEvent.newBuilder(push).setEventId(UUID.randomUUID().toString()).build();
	}

	private String xml() {
		StringBuilder xml = new StringBuilder("<xml>");
		cdata(xml, "ToUserName", this.toUserName);
		cdata(xml, "FromUserName", this.fromUserName);
		xml.append("<CreateTime>").append(this.createTime).append("</CreateTime>");
		cdata(xml, "MsgType", this.msgType);
		cdata(xml, "Event", this.event);
		cdata(xml, "EventKey", this.eventKey);
		cdata(xml, "Ticket", this.ticket);
		if (this.msgId != null) {
			xml.append("<MsgId>").append(this.msgId).append("</MsgId>");
		}
		this.fields.forEach((name, value) -> cdata(xml, name, value));
		return xml.append("</xml>").toString();
	}

	private static void cdata(StringBuilder xml, String name, String value) {
		if (value != null) {
			xml.append('<').append(name).append("><![CDATA[").append(value).append("]]></").append(name).append('>');
		}
	}

	private OriginalRequest request(String inner) {
		String query = "signature=" + opaqueHex() + "&timestamp=" + this.createTime + "&nonce="
				+ ThreadLocalRandom.current().nextInt(1_000_000_000) + "&openid=" + this.fromUserName;
		String body = inner;
		if (this.encryption == EncryptionMode.SAFE || this.encryption == EncryptionMode.COMPATIBLE) {
			query += "&encrypt_type=aes&msg_signature=" + opaqueHex();
			String encrypt = ciphertext(inner);
			body = (this.encryption == EncryptionMode.SAFE)
					? "<xml><ToUserName><![CDATA[" + this.toUserName + "]]></ToUserName><Encrypt><![CDATA[" + encrypt
							+ "]]></Encrypt></xml>"
					: inner.replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
		}
		return new OriginalRequest(query, "text/xml", ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Stands in for the AES ciphertext: base64 of whole 32-byte blocks, as long as the
	 * real one would be. The stages after the receiver carry it without reading it.
	 */
	private String ciphertext(String inner) {
		int plain = 16 + 4 + inner.getBytes(StandardCharsets.UTF_8).length + this.appId.length();
		byte[] bytes = new byte[(plain / 32 + 1) * 32];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static String opaqueHex() {
		byte[] bytes = new byte[20];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
