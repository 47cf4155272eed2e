package io.saoma.receiver.reply;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.DecryptionException;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The welcome text answered to a new follower, checked the way WeChat reads it: the
 * signature recomputed with the official method, the message decrypted with the account's
 * key and AppID.
 */
class WelcomeRepliesTests {

	private static final String TOKEN = "AAAAA";

	private static final AesKey KEY = AesKey.decode("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

	private static final WechatAccount MAIN = new WechatAccount("main", "wxba5fad812f8e6fb9", TOKEN, KEY, null);

	private static final WechatAccount SHOP = new WechatAccount("shop", "wxb11529c136998cb6", TOKEN, KEY, null);

	private final WelcomeReplies replies = new WelcomeReplies(Map.of("main", "欢迎关注 <b>]]></b>"),
			Clock.fixed(Instant.ofEpochSecond(1714112445L), ZoneOffset.UTC));

	@Test
	void shouldAnswerANewFollowerOfAnEncryptedPushWithASignedEncryptedTextMessage() throws DecryptionException {
		String reply = this.replies.replyTo(MAIN, event("event", "subscribe"), true);
		String encrypt = field(reply, "Encrypt");
		assertThat(WechatSignature.matches(field(reply, "MsgSignature"), TOKEN, field(reply, "TimeStamp"),
				field(reply, "Nonce"), encrypt))
			.isTrue();
		assertThat(field(reply, "TimeStamp")).isEqualTo("1714112445");
		String message = MessageCipher.decrypt(encrypt, KEY, MAIN.appId());
		assertThat(field(message, "ToUserName")).isEqualTo("oUser-openid");
		assertThat(field(message, "FromUserName")).isEqualTo("gh_97417a04a28d");
		assertThat(field(message, "MsgType")).isEqualTo("text");
		assertThat(field(message, "Content")).isEqualTo("欢迎关注 <b>]]></b>");
	}

	@Test
	void shouldAnswerAPlaintextPushInPlaintext() {
		String reply = this.replies.replyTo(MAIN, event("event", "subscribe"), false);
		assertThat(reply).doesNotContain("Encrypt");
		assertThat(field(reply, "Content")).isEqualTo("欢迎关注 <b>]]></b>");
		assertThat(field(reply, "CreateTime")).isEqualTo("1714112445");
	}

	@Test
	void shouldAnswerNothingButANewFollowerOfAnAccountWithAWelcomeText() {
		assertThat(this.replies.replyTo(MAIN, event("event", "SCAN"), true)).isNull();
		assertThat(this.replies.replyTo(MAIN, event("event", "unsubscribe"), true)).isNull();
		assertThat(this.replies.replyTo(MAIN, event("text", null), true)).isNull();
		assertThat(this.replies.replyTo(SHOP, event("event", "subscribe"), true)).isNull();
		assertThat(WelcomeReplies.NONE.replyTo(MAIN, event("event", "subscribe"), true)).isNull();
	}

	@Test
	void shouldAnswerNothingToAPushInTheJsonDataFormatWhoseReplyWouldNotBeXml() {
		WechatEvent json = event("event", "subscribe");
		json.setPayloadFormat(PayloadFormat.JSON);
		assertThat(this.replies.replyTo(MAIN, json, true)).isNull();
	}

	private static WechatEvent event(String msgType, String event) {
		WechatEvent push = new WechatEvent();
		push.setToUserName("gh_97417a04a28d");
		push.setFromUserName("oUser-openid");
		push.setMsgType(msgType);
		push.setEvent(event);
		push.setPayloadFormat(PayloadFormat.XML);
		return push;
	}

	/** An element's text, its CDATA sections joined. */
	private static String field(String xml, String name) {
		Matcher element = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
		assertThat(element.find()).as(name + " in " + xml).isTrue();
		StringBuilder text = new StringBuilder();
		Matcher cdata = Pattern.compile("<!\\[CDATA\\[(.*?)]]>", Pattern.DOTALL).matcher(element.group(1));
		boolean any = false;
		while (cdata.find()) {
			text.append(cdata.group(1));
			any = true;
		}
		return any ? text.toString() : element.group(1);
	}

}
