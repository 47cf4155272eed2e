package io.saoma.bench.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.saoma.bench.decode.DecodeInputs.Kind;
import io.saoma.bench.decode.DecodeInputs.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Both decoders read the same fields from the same inputs (so the benchmark compares
 * equal work), and both refuse a tampered {@code msg_signature}.
 */
class DecodeInputsTests {

	private final WechatAccount account = DecodeInputs.account();

	private final PushDecoder decoder = DecodeInputs.receiverDecoder();

	private final WxMpDefaultConfigImpl wxConfig = DecodeInputs.wxConfig();

	@ParameterizedTest
	@EnumSource(Kind.class)
	void bothDecodersReadTheSameFields(Kind kind) throws PushRejectedException {
		List<Push> pushes = DecodeInputs.pushes(kind, 4, 42);
		for (Push push : pushes) {
			WechatEvent event = this.decoder.decode(this.account, push.request());
			WxMpXmlMessage wx = wx(push);
			assertThat(event.getEncryption()).isEqualTo(EncryptionMode.SAFE);
			assertThat(event.getAppId()).isEqualTo(DecodeInputs.APP_ID);
			assertThat(event.getPayload()).isEqualTo(push.inner());
			assertThat(event.getToUserName()).isEqualTo(wx.getToUser()).isEqualTo("gh_3f8a2c5e9b01");
			assertThat(event.getFromUserName()).isEqualTo(wx.getFromUser()).startsWith("oUpF8u");
			assertThat(event.getCreateTime()).isEqualTo(wx.getCreateTime());
			assertThat(event.getMsgType()).isEqualTo(wx.getMsgType());
			if (kind == Kind.SUBSCRIBE) {
				assertThat(event.getEvent()).isEqualTo(wx.getEvent()).isEqualTo("subscribe");
				assertThat(event.getEventKey()).isEqualTo(wx.getEventKey()).startsWith("qrscene_");
				assertThat(event.getTicket()).isEqualTo(wx.getTicket()).startsWith("gQH47jo");
			}
			else {
				assertThat(event.getMsgType()).isEqualTo("text");
				assertThat(event.getMsgId()).isEqualTo(String.valueOf(wx.getMsgId()));
				String content = event.getFields().get("Content");
				assertThat(content).isEqualTo(wx.getContent()).contains("扫码关注公众号");
				assertThat(content.getBytes(StandardCharsets.UTF_8).length).isBetween(2000, 2200);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void bothDecodersRefuseATamperedSignature(Kind kind) {
		Push push = DecodeInputs.pushes(kind, 1, 7).get(0);
		char first = push.msgSignature().charAt(0);
		Push tampered = push.withMsgSignature(((first == '0') ? '1' : '0') + push.msgSignature().substring(1));
		assertThatExceptionOfType(PushRejectedException.class)
			.isThrownBy(() -> this.decoder.decode(this.account, tampered.request()))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo(Outcome.BAD_SIGNATURE));
		assertThatRuntimeException().isThrownBy(() -> wx(tampered));
	}

	private WxMpXmlMessage wx(Push push) {
		return WxMpXmlMessage.fromEncryptedXml(new String(push.request().body(), StandardCharsets.UTF_8), this.wxConfig,
				push.timestamp(), push.nonce(), push.msgSignature());
	}

}
