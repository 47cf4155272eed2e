package io.saoma.testsupport.events;

import java.nio.charset.StandardCharsets;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestEventsTests {

	@Test
	void shouldBuildASubscribeScanWhosePayloadIsTheXmlOfItsFields() {
		WechatEvent event = TestEvents.subscribe("scene-1", "TICKET-1").from("o1").createTime(1714112445L).build();

		assertThat(event.getMsgType()).isEqualTo("event");
		assertThat(event.getEvent()).isEqualTo("subscribe");
		assertThat(event.getEventKey()).isEqualTo("qrscene_scene-1");
		assertThat(event.getTicket()).isEqualTo("TICKET-1");
		assertThat(event.getPayload()).isEqualTo("<xml><ToUserName><![CDATA[gh_test]]></ToUserName>"
				+ "<FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1714112445</CreateTime>"
				+ "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
				+ "<EventKey><![CDATA[qrscene_scene-1]]></EventKey><Ticket><![CDATA[TICKET-1]]></Ticket></xml>");
		assertThat(body(event)).isEqualTo(event.getPayload());
		assertThat(event.getRequest().getRawQuery()).contains("&timestamp=1714112445&").doesNotContain("encrypt_type");
	}

	@Test
	void shouldCarryASafeModePushInAnEnvelopeWithItsCiphertext() {
		WechatEvent event = TestEvents.scan("scene-1", "TICKET-1").encryption(EncryptionMode.SAFE).build();

		assertThat(event.getEncryption()).isEqualTo(EncryptionMode.SAFE);
		assertThat(body(event)).matches(
				"<xml><ToUserName><!\\[CDATA\\[gh_test]]></ToUserName><Encrypt><!\\[CDATA\\[[A-Za-z0-9+/]+=*]]></Encrypt></xml>");
		assertThat(event.getRequest().getRawQuery()).contains("&encrypt_type=aes&msg_signature=");
	}

	@Test
	void shouldComputeTheDedupIdAsTheReceiverDoesUnlessLeftOut() {
		WechatEvent event = TestEvents.message("text").field("Content", "hi").msgId("1").build();
		WechatEvent retry = TestEvents.retryOf(event);

		assertThat(event.getDedupId()).isEqualTo(DedupIds.compute(event));
		assertThat(retry.getDedupId()).isEqualTo(event.getDedupId());
		assertThat(retry.getEventId()).isNotEqualTo(event.getEventId());
		assertThat(TestEvents.message("text").withoutDedupId().build().getDedupId()).isNull();
	}

	private static String body(WechatEvent event) {
		return StandardCharsets.UTF_8.decode(event.getRequest().getBody().duplicate()).toString();
	}

}
