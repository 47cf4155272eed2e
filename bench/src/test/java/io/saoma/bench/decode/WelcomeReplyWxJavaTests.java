package io.saoma.bench.decode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.saoma.receiver.reply.WelcomeReplies;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver's passive welcome reply, read by what a Java team runs: WxJava checks its
 * signature, decrypts it with the account's key and AppID and parses the text message.
 */
class WelcomeReplyWxJavaTests {

	@Test
	void wxJavaVerifiesDecryptsAndReadsTheWelcomeReply() {
		WelcomeReplies replies = new WelcomeReplies(Map.of(DecodeInputs.ACCOUNT_ID, "欢迎关注！扫码即登录 ]]> <ok>"),
				Clock.fixed(Instant.ofEpochSecond(1714112445L), ZoneOffset.UTC));
		WechatEvent subscribe = new WechatEvent();
		subscribe.setToUserName("gh_97417a04a28d");
		subscribe.setFromUserName("oUser-openid");
		subscribe.setMsgType("event");
		subscribe.setEvent("subscribe");
		subscribe.setPayloadFormat(PayloadFormat.XML);
		String reply = replies.replyTo(DecodeInputs.account(), subscribe, true);
		WxMpXmlMessage message = WxMpXmlMessage.fromEncryptedXml(reply, DecodeInputs.wxConfig(),
				element(reply, "TimeStamp"), cdata(element(reply, "Nonce")), cdata(element(reply, "MsgSignature")));
		assertThat(message.getToUser()).isEqualTo("oUser-openid");
		assertThat(message.getFromUser()).isEqualTo("gh_97417a04a28d");
		assertThat(message.getMsgType()).isEqualTo("text");
		assertThat(message.getContent()).isEqualTo("欢迎关注！扫码即登录 ]]> <ok>");
		assertThat(message.getCreateTime()).isEqualTo(1714112445L);
	}

	private static String element(String xml, String name) {
		Matcher element = Pattern.compile("<" + name + ">(.*?)</" + name + ">").matcher(xml);
		assertThat(element.find()).as(name).isTrue();
		return element.group(1);
	}

	private static String cdata(String value) {
		return value.replaceFirst("^<!\\[CDATA\\[(.*)]]>$", "$1");
	}

}
