package io.saoma.receiver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.push.PushRequest;

/**
 * Builds pushes exactly as the WeChat platform sends them, in each encryption mode,
 * signed with an account's keys.
 */
public final class TestPushes {

	private TestPushes() {
	}

	/**
	 * Plaintext mode: the message in the clear, {@code signature} over (token, timestamp,
	 * nonce).
	 */
	public static Push plaintext(Keys keys, long timestamp, String nonce, String xml) {
		return new Push(query(keys, timestamp, nonce, null), xml, "text/xml");
	}

	/**
	 * Safe mode, XML data format: {@code <xml><ToUserName/><Encrypt/></xml>} and
	 * {@code msg_signature}.
	 */
	public static Push safe(Keys keys, long timestamp, String nonce, String innerXml) {
		String encrypt = encrypt(keys, innerXml);
		String body = "<xml><ToUserName><![CDATA[" + toUserName(innerXml) + "]]></ToUserName><Encrypt><![CDATA["
				+ encrypt + "]]></Encrypt></xml>";
		return new Push(query(keys, timestamp, nonce, encrypt), body, "text/xml");
	}

	/**
	 * Safe mode, JSON data format: {@code {"ToUserName": ..., "Encrypt": ...}}.
	 */
	public static Push safeJson(Keys keys, long timestamp, String nonce, String toUserName, String innerJson) {
		String encrypt = encrypt(keys, innerJson);
		String body = "{\"ToUserName\":\"" + toUserName + "\",\"Encrypt\":\"" + encrypt + "\"}";
		return new Push(query(keys, timestamp, nonce, encrypt), body, "application/json");
	}

	/**
	 * Compatible mode: the clear fields and {@code <Encrypt>} in one XML.
	 */
	public static Push compatible(Keys keys, long timestamp, String nonce, String innerXml) {
		String encrypt = encrypt(keys, innerXml);
		String body = innerXml.replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>\n</xml>");
		return new Push(query(keys, timestamp, nonce, encrypt), body, "text/xml");
	}

	private static String encrypt(Keys keys, String message) {
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		return MessageCipher.encrypt(random, message, AesKey.decode(keys.encodingAesKey()), keys.appId());
	}

	private static String query(Keys keys, long timestamp, String nonce, String encrypt) {
		String ts = Long.toString(timestamp);
		String query = "signature=" + WechatSignature.compute(keys.token(), ts, nonce) + "&timestamp=" + ts + "&nonce="
				+ nonce + "&openid=o-test";
		if (encrypt != null) {
			query += "&encrypt_type=aes&msg_signature=" + WechatSignature.compute(keys.token(), ts, nonce, encrypt);
		}
		return query;
	}

	private static String toUserName(String innerXml) {
		int start = innerXml.indexOf("<ToUserName><![CDATA[");
		if (start < 0) {
			return "gh_test";
		}
		start += "<ToUserName><![CDATA[".length();
		return innerXml.substring(start, innerXml.indexOf("]]>", start));
	}

	/**
	 * An account's secrets as entered in the WeChat console.
	 */
	public record Keys(String token, String encodingAesKey, String appId) {

	}

	/**
	 * One POST as it goes over the wire.
	 *
	 * @param query the query string
	 * @param body the body
	 * @param contentType the content type
	 */
	public record Push(String query, String body, String contentType) {

		/** Replaces one query parameter, e.g. to break a signature. */
		public Push withParameter(String name, String value) {
			Map<String, String> parameters = parameters();
			if (value == null) {
				parameters.remove(name);
			}
			else {
				parameters.put(name, value);
			}
			StringBuilder query = new StringBuilder();
			parameters
				.forEach((key, v) -> query.append((query.length() > 0) ? "&" : "").append(key).append('=').append(v));
			return new Push(query.toString(), this.body, this.contentType);
		}

		/** Replaces the body. */
		public Push withBody(String body) {
			return new Push(this.query, body, this.contentType);
		}

		/** The request as the decoder sees it. */
		public PushRequest toRequest(Instant receivedAt) {
			Map<String, String> parameters = parameters();
			return new PushRequest(parameters.get("signature"), parameters.get("timestamp"), parameters.get("nonce"),
					parameters.get("encrypt_type"), parameters.get("msg_signature"), this.query, this.contentType,
					this.body.getBytes(StandardCharsets.UTF_8), receivedAt);
		}

		private Map<String, String> parameters() {
			Map<String, String> parameters = new LinkedHashMap<>();
			for (String pair : this.query.split("&")) {
				int eq = pair.indexOf('=');
				parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
			return parameters;
		}

	}

}
