package io.saoma.bench.forwarder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;

/**
 * Safe-mode SCAN pushes (login scans) as the receiver publishes them to
 * {@code wechat.events}: the ones the relay sends to Authing by default.
 */
final class LoginScans {

	/** The account id the forwarder relays in the bench. */
	static final String ACCOUNT = "bench";

	/** Its AppID. */
	static final String APP_ID = "wxba5fad812f8e6fb9";

	private LoginScans() {
	}

	/**
	 * A user's openid.
	 * @param user the user's number
	 * @return an openid of the usual length
	 */
	static String openId(int user) {
		return String.format("oBench%022d", user);
	}

	/**
	 * A login scan by a user.
	 * @param openId the user
	 * @param sequence the scan's number for that user (in the scene)
	 * @return the event
	 */
	static WechatEvent scan(String openId, long sequence) {
		long now = Instant.now().getEpochSecond();
		String inner = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + openId
				+ "]]></FromUserName><CreateTime>" + now
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>"
				+ "<EventKey><![CDATA[scene-" + sequence + "]]></EventKey><Ticket><![CDATA[TICKET-" + openId + "-"
				+ sequence + "]]></Ticket></xml>";
		byte[] cipher = new byte[(inner.length() / 32 + 2) * 32];
		ThreadLocalRandom.current().nextBytes(cipher);
		String body = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA["
				+ Base64.getEncoder().encodeToString(cipher) + "]]></Encrypt></xml>";
		String query = "signature=0123456789abcdef0123456789abcdef01234567&timestamp=" + now + "&nonce=" + sequence
				+ "&openid=" + openId + "&encrypt_type=aes&msg_signature=0123456789abcdef0123456789abcdef01234567";
		WechatEvent event = new WechatEvent(UUID.randomUUID().toString(), ACCOUNT, APP_ID, "gh_bench", openId, now,
				"event", "SCAN", "scene-" + sequence, "TICKET-" + openId + "-" + sequence, null, new LinkedHashMap<>(),
				inner, PayloadFormat.XML, Instant.now(), EncryptionMode.SAFE,
				new OriginalRequest(query, "text/xml", ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))), null);
		event.setDedupId(DedupIds.compute(event));
		return event;
	}

}
