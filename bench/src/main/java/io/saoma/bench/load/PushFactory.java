package io.saoma.bench.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;

/**
 * Builds signed, safe-mode encrypted pushes as WeChat sends them: each one distinct
 * (FromUserName, CreateTime, nonce, the random 16 leading bytes and EventKey depend on
 * its sequence number), so no de-duplication short-cuts the work.
 */
public final class PushFactory {

	/** The local stack's demo account (as {@code local-stack}'s {@code DemoAccount}). */
	public static final String ACCOUNT = "demo";

	public static final String APP_ID = "wx5a0ma0000000demo";

	public static final String TOKEN = "saomaLocalToken";

	public static final String ENCODING_AES_KEY = "lBmpxSNz7IKqNM1s6ULLnV6JEsaUhWjeWxjP4mIG7Mx";

	public static final String ORIGINAL_ID = "gh_5a0ma0000demo";

	private final AesKey key;

	private final String token;

	private final String appId;

	public PushFactory() {
		this(TOKEN, ENCODING_AES_KEY, APP_ID);
	}

	public PushFactory(String token, String encodingAesKey, String appId) {
		this.key = AesKey.decode(encodingAesKey);
		this.token = token;
		this.appId = appId;
	}

	/**
	 * A push: the query string (signature, timestamp, nonce, encrypt_type, msg_signature)
	 * and the body.
	 * @param sequence makes it distinct
	 * @param epochSeconds its timestamp and CreateTime
	 * @return the push
	 */
	public Push build(long sequence, long epochSeconds) {
		String timestamp = Long.toString(epochSeconds);
		String nonce = Long.toString(1_000_000_000L + sequence);
		String inner = "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[oBench"
				+ Long.toString(sequence, 36) + "]]></FromUserName><CreateTime>" + timestamp
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[bench"
				+ sequence + "]]></EventKey><Ticket><![CDATA[gQBench" + sequence + "]]></Ticket></xml>";
		byte[] random16 = ByteBuffer.allocate(16).putLong(sequence).putLong(~sequence * 0x9E3779B97F4A7C15L).array();
		String encrypt = MessageCipher.encrypt(random16, inner, this.key, this.appId);
		String body = "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><Encrypt><![CDATA[" + encrypt
				+ "]]></Encrypt></xml>";
		String query = "signature=" + WechatSignature.compute(this.token, timestamp, nonce) + "&timestamp=" + timestamp
				+ "&nonce=" + nonce + "&openid="
				+ URLEncoder.encode("oBench" + Long.toString(sequence, 36), StandardCharsets.UTF_8)
				+ "&encrypt_type=aes&msg_signature=" + WechatSignature.compute(this.token, timestamp, nonce, encrypt);
		return new Push(timestamp, nonce, query, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A push ready to POST.
	 *
	 * @param timestamp the timestamp parameter
	 * @param nonce the nonce parameter
	 * @param query the query string, without {@code ?}
	 * @param body the body
	 */
	public record Push(String timestamp, String nonce, String query, byte[] body) {

		/**
		 * A query parameter's value.
		 * @param name the parameter
		 * @return its value, or {@code null}
		 */
		public String parameter(String name) {
			for (String pair : this.query.split("&")) {
				int eq = pair.indexOf('=');
				if (pair.substring(0, eq).equals(name)) {
					return pair.substring(eq + 1);
				}
			}
			return null;
		}

	}

}
