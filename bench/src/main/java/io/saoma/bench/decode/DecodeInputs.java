package io.saoma.bench.decode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRequest;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * The inputs both decoders read: one account (token, EncodingAESKey, AppID) as the
 * receiver and WxJava are configured with it, and signed safe-mode pushes encrypted with
 * the official algorithm ({@link MessageCipher#encrypt}), each with its query parameters.
 */
public final class DecodeInputs {

	/** The account's id in the receiver's configuration. */
	public static final String ACCOUNT_ID = "main";

	/** The AppID. */
	public static final String APP_ID = "wx5823bf96d3bd56c7";

	/** The Token. */
	public static final String TOKEN = "QDG6eK";

	/** The EncodingAESKey (43 characters). */
	public static final String ENCODING_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	/** The replay window the receiver runs with by default. */
	public static final Duration REPLAY_WINDOW = Duration.ofSeconds(300);

	private DecodeInputs() {
	}

	/**
	 * The two kinds of push measured.
	 */
	public enum Kind {

		/**
		 * A subscribe event from a parametric QR code: {@code qrscene_...} and Ticket.
		 */
		SUBSCRIBE,

		/** A text message of about 2 KB of Chinese (UTF-8) text. */
		TEXT

	}

	/**
	 * One push: what the receiver gets and what WxJava gets, from the same bytes.
	 *
	 * @param request the receiver's view of the POST
	 * @param body the body as WxJava reads it (the same bytes, as UTF-8)
	 * @param timestamp the {@code timestamp} query parameter
	 * @param nonce the {@code nonce} query parameter
	 * @param msgSignature the {@code msg_signature} query parameter
	 * @param inner the decrypted message, for the tests
	 */
	public record Push(PushRequest request, String body, String timestamp, String nonce, String msgSignature,
			String inner) {

		/**
		 * The same push with another {@code msg_signature}.
		 * @param signature the signature to send
		 * @return the tampered push
		 */
		public Push withMsgSignature(String signature) {
			PushRequest r = this.request;
			String query = r.rawQuery().replace("msg_signature=" + this.msgSignature, "msg_signature=" + signature);
			return new Push(
					new PushRequest(r.signature(), r.timestamp(), r.nonce(), r.encryptType(), signature, query,
							r.contentType(), r.body(), r.receivedAt()),
					this.body, this.timestamp, this.nonce, signature, this.inner);
		}

	}

	/**
	 * The account as the receiver holds it: safe mode, its default with a key.
	 * @return the account
	 */
	public static WechatAccount account() {
		AesKey key = AesKey.decode(ENCODING_AES_KEY);
		return new WechatAccount(ACCOUNT_ID, APP_ID, TOKEN, key, null);
	}

	/**
	 * The receiver's decoder as the product builds it (system clock, default window).
	 * @return the decoder
	 */
	public static PushDecoder receiverDecoder() {
		return new PushDecoder(Clock.systemUTC(), REPLAY_WINDOW);
	}

	/**
	 * WxJava's configuration with the same token, AES key and AppID.
	 * @return the configuration
	 */
	public static WxMpDefaultConfigImpl wxConfig() {
		WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
		config.setAppId(APP_ID);
		config.setToken(TOKEN);
		config.setAesKey(ENCODING_AES_KEY);
		return config;
	}

	/**
	 * Distinct pushes of one kind, timestamped now.
	 * @param kind the kind
	 * @param count how many
	 * @param seed the seed for user ids, nonces and texts
	 * @return the pushes
	 */
	public static List<Push> pushes(Kind kind, int count, long seed) {
		Random random = new Random(seed);
		AesKey key = AesKey.decode(ENCODING_AES_KEY);
		long now = Instant.now().getEpochSecond();
		List<Push> pushes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String openId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6" + (char) ('a' + random.nextInt(26)) + i;
			long createTime = now - random.nextInt(5);
			String inner = switch (kind) {
				case SUBSCRIBE -> subscribe(openId, createTime, random);
				case TEXT -> text(openId, createTime, random, 1_000_000_000_000_000L + random.nextInt(1 << 30));
			};
			byte[] random16 = new byte[16];
			random.nextBytes(random16);
			String encrypt = MessageCipher.encrypt(random16, inner, key, APP_ID);
			String body = "<xml><ToUserName><![CDATA[gh_3f8a2c5e9b01]]></ToUserName><Encrypt><![CDATA[" + encrypt
					+ "]]></Encrypt></xml>";
			String timestamp = Long.toString(now);
			String nonce = Integer.toString(100_000_000 + random.nextInt(900_000_000));
			String signature = WechatSignature.compute(TOKEN, timestamp, nonce);
			String msgSignature = WechatSignature.compute(TOKEN, timestamp, nonce, encrypt);
			String query = "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid="
					+ openId + "&encrypt_type=aes&msg_signature=" + msgSignature;
			PushRequest request = new PushRequest(signature, timestamp, nonce, "aes", msgSignature, query, "text/xml",
					body.getBytes(StandardCharsets.UTF_8), Instant.now());
			pushes.add(new Push(request, body, timestamp, nonce, msgSignature, inner));
		}
		return pushes;
	}

	private static String subscribe(String openId, long createTime, Random random) {
		return "<xml><ToUserName><![CDATA[gh_3f8a2c5e9b01]]></ToUserName><FromUserName><![CDATA[" + openId
				+ "]]></FromUserName><CreateTime>" + createTime
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
				+ "<EventKey><![CDATA[qrscene_login_" + Long.toHexString(random.nextLong())
				+ "]]></EventKey><Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw"
				+ Integer.toHexString(random.nextInt()) + "]]></Ticket></xml>";
	}

	private static String text(String openId, long createTime, Random random, long msgId) {
		String phrase = "扫码关注公众号后即可登录，请在五秒内完成验证。欢迎使用微信扫一扫功能，祝您生活愉快！";
		StringBuilder content = new StringBuilder();
		while (content.toString().getBytes(StandardCharsets.UTF_8).length < 2000) {
			content.append(phrase.charAt(random.nextInt(phrase.length()))).append(phrase);
		}
		return "<xml><ToUserName><![CDATA[gh_3f8a2c5e9b01]]></ToUserName><FromUserName><![CDATA[" + openId
				+ "]]></FromUserName><CreateTime>" + createTime
				+ "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content
				+ "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
	}

	/**
	 * A fresh random seed, for runs that want different pushes each time.
	 * @return a seed
	 */
	public static long randomSeed() {
		return new SecureRandom().nextLong();
	}

}
