package io.saoma.bench.endtoend;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.saoma.bench.load.PushFactory;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;

/**
 * The SCAN push WeChat sends when a follower scans a login's QR code: signed, safe-mode
 * encrypted for the local stack's demo account ({@link PushFactory}'s keys), with the
 * code's scene as EventKey and its ticket; a distinct openid per login.
 */
final class ScanPushes {

	private final AesKey key = AesKey.decode(PushFactory.ENCODING_AES_KEY);

	/**
	 * The push for one scan.
	 * @param sequence makes the nonce, openid and random bytes distinct
	 * @param scene the code's scene
	 * @param ticket the code's ticket
	 * @param epochSeconds CreateTime and timestamp
	 * @return the push
	 */
	PushFactory.Push scan(long sequence, String scene, String ticket, long epochSeconds) {
		String timestamp = Long.toString(epochSeconds);
		String nonce = Long.toString(2_000_000_000L + sequence);
		String openId = openId(sequence);
		String inner = "<xml><ToUserName><![CDATA[" + PushFactory.ORIGINAL_ID
				+ "]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName><CreateTime>" + timestamp
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA["
				+ scene + "]]></EventKey><Ticket><![CDATA[" + ticket + "]]></Ticket></xml>";
		byte[] random16 = ByteBuffer.allocate(16).putLong(sequence).putLong(~sequence * 0x9E3779B97F4A7C15L).array();
		String encrypt = MessageCipher.encrypt(random16, inner, this.key, PushFactory.APP_ID);
		String body = "<xml><ToUserName><![CDATA[" + PushFactory.ORIGINAL_ID + "]]></ToUserName><Encrypt><![CDATA["
				+ encrypt + "]]></Encrypt></xml>";
		String query = "signature=" + WechatSignature.compute(PushFactory.TOKEN, timestamp, nonce) + "&timestamp="
				+ timestamp + "&nonce=" + nonce + "&openid=" + URLEncoder.encode(openId, StandardCharsets.UTF_8)
				+ "&encrypt_type=aes&msg_signature="
				+ WechatSignature.compute(PushFactory.TOKEN, timestamp, nonce, encrypt);
		return new PushFactory.Push(timestamp, nonce, query, body.getBytes(StandardCharsets.UTF_8));
	}

	static String openId(long sequence) {
		return "oScan" + Long.toString(sequence, 36);
	}

}
