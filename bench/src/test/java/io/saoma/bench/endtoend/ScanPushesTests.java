package io.saoma.bench.endtoend;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.saoma.bench.load.PushFactory;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.DecryptionException;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan push carries the login's scene and ticket as WeChat sends a SCAN, signed and
 * encrypted for the demo account, so the receiver accepts it and the login processor can
 * match it.
 */
class ScanPushesTests {

	private static final Pattern ENCRYPT = Pattern.compile("<Encrypt><!\\[CDATA\\[([^\\]]+)\\]\\]></Encrypt>");

	@Test
	void aScanPushIsASignedEncryptedScanOfTheLoginsSceneAndTicket() throws DecryptionException {
		PushFactory.Push push = new ScanPushes().scan(7, "sceneAbc", "gQBenchT1", 1_764_540_000L);
		String body = new String(push.body(), java.nio.charset.StandardCharsets.UTF_8);
		Matcher encrypt = ENCRYPT.matcher(body);
		assertThat(encrypt.find()).isTrue();
		String inner = MessageCipher.decrypt(encrypt.group(1), AesKey.decode(PushFactory.ENCODING_AES_KEY),
				PushFactory.APP_ID);
		assertThat(inner).contains("<Event><![CDATA[SCAN]]></Event>")
			.contains("<EventKey><![CDATA[sceneAbc]]></EventKey>")
			.contains("<Ticket><![CDATA[gQBenchT1]]></Ticket>")
			.contains("<FromUserName><![CDATA[" + ScanPushes.openId(7) + "]]></FromUserName>")
			.contains("<CreateTime>1764540000</CreateTime>");
		assertThat(
				WechatSignature.matches(push.parameter("signature"), PushFactory.TOKEN, push.timestamp(), push.nonce()))
			.isTrue();
		assertThat(WechatSignature.matches(push.parameter("msg_signature"), PushFactory.TOKEN, push.timestamp(),
				push.nonce(), encrypt.group(1)))
			.isTrue();
	}

	@Test
	void eachLoginsScanComesFromADistinctUserWithADistinctNonce() {
		ScanPushes scans = new ScanPushes();
		PushFactory.Push one = scans.scan(1, "s", "t", 1_764_540_000L);
		PushFactory.Push two = scans.scan(2, "s", "t", 1_764_540_000L);
		assertThat(one.nonce()).isNotEqualTo(two.nonce());
		assertThat(one.parameter("openid")).isNotEqualTo(two.parameter("openid"));
	}

}
