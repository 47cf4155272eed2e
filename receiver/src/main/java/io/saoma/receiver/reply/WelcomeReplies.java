package io.saoma.receiver.reply;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;

/**
 * The passive reply to a {@code subscribe} push of an account with a welcome text: a text
 * message to the new follower, in the HTTP answer to the push (WeChat's 被动回复). A push
 * that came encrypted ({@code encrypt_type=aes}: safe mode, or compatible mode) is
 * answered encrypted, as WeChat's official sample does: the message encrypted with the
 * account's key and AppID, signed with its Token over a new timestamp and nonce; a
 * plaintext push is answered in plaintext. Only pushes in the XML data format are
 * answered (the reply is XML); an account set to JSON answers {@code success}.
 */
public final class WelcomeReplies {

	/** No account has a welcome text. */
	public static final WelcomeReplies NONE = new WelcomeReplies(Map.of(), Clock.systemUTC());

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, String> texts;

	private final Clock clock;

	public WelcomeReplies(Map<String, String> texts, Clock clock) {
		this.texts = Map.copyOf(texts);
		this.clock = clock;
	}

	/**
	 * The answer's body for a push that was durably written, or {@code null} to answer
	 * {@code success}.
	 * @param account the account
	 * @param event the push
	 * @param encrypted whether the push came with {@code encrypt_type=aes}
	 * @return the reply XML, or {@code null}
	 */
	public String replyTo(WechatAccount account, WechatEvent event, boolean encrypted) {
		String text = this.texts.get(account.id());
		if (text == null || text.isBlank() || event.getPayloadFormat() != PayloadFormat.XML
				|| !"event".equals(event.getMsgType()) || !"subscribe".equalsIgnoreCase(event.getEvent())
				|| event.getFromUserName() == null) {
			return null;
		}
		long now = this.clock.instant().getEpochSecond();
		String message = "<xml><ToUserName>" + cdata(event.getFromUserName()) + "</ToUserName><FromUserName>"
				+ cdata(event.getToUserName()) + "</FromUserName><CreateTime>" + now
				+ "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + cdata(text) + "</Content></xml>";
		if (!encrypted || account.aesKey() == null) {
			return message;
		}
		byte[] random16 = new byte[16];
		RANDOM.nextBytes(random16);
		String encrypt = MessageCipher.encrypt(random16, message, account.aesKey(), account.appId());
		String timestamp = Long.toString(now);
		String nonce = Long.toString(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
		String signature = WechatSignature.compute(account.token(), timestamp, nonce, encrypt);
		return "<xml><Encrypt>" + cdata(encrypt) + "</Encrypt><MsgSignature>" + cdata(signature)
				+ "</MsgSignature><TimeStamp>" + timestamp + "</TimeStamp><Nonce>" + cdata(nonce) + "</Nonce></xml>";
	}

	/** A CDATA section holding any text: a {@code ]]>} in it is split across two. */
	static String cdata(String text) {
		return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
	}

}
