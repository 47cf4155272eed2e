package io.saoma.forwarder.relay;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RelayRequestTests {

	private static final URI EVENTS = URI.create("https://core.authing.cn/connections/social/wx-mp/pool1/events");

	private static final String QUERY = "signature=abc&timestamp=1714112445&nonce=415670741&openid=o1&encrypt_type=aes&msg_signature=def";

	private static final String BODY = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[a+b/c=]]></Encrypt></xml>";

	@Test
	void shouldRelayTheOriginalQueryBodyAndContentTypeVerbatim() {
		RelayRequest request = RelayRequest.of(event(EncryptionMode.SAFE), EVENTS, Format.VERBATIM);
		assertThat(request.uri()).hasToString(EVENTS + "?" + QUERY);
		assertThat(request.contentType()).isEqualTo("text/xml; charset=utf-8");
		assertThat(request.body()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void shouldAppendTheQueryToAnEventsUrlThatHasOne() {
		RelayRequest request = RelayRequest.of(event(EncryptionMode.SAFE), URI.create(EVENTS + "?tenant=t1"),
				Format.VERBATIM);
		assertThat(request.uri()).hasToString(EVENTS + "?tenant=t1&" + QUERY);
	}

	@Test
	void shouldRelayAuthingsDemoShapeAsJsonToTheEventsUrl() {
		RelayRequest request = RelayRequest.of(event(EncryptionMode.SAFE), EVENTS, Format.AUTHING_DEMO);
		assertThat(request.uri()).isEqualTo(EVENTS);
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(new String(request.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"xml\":{\"tousername\":[\"gh_1\"],\"encrypt\":[\"a+b/c=\"]}}");
	}

	@Test
	void shouldRejectAPlaintextPushInTheDemoFormat() {
		assertThatExceptionOfType(RelayFailure.Rejected.class)
			.isThrownBy(() -> RelayRequest.of(event(EncryptionMode.PLAINTEXT), EVENTS, Format.AUTHING_DEMO))
			.withMessageContaining("use format verbatim for account main");
	}

	@Test
	void shouldSendTheSameEventIdForEveryDeliveryOfAPush() {
		WechatEvent first = event(EncryptionMode.SAFE);
		WechatEvent retry = event("0192f0c4-9f1e-7a3b-8c2d-000000000002", EncryptionMode.SAFE);
		for (Format format : Format.values()) {
			Map<String, String> firstHeaders = RelayRequest.of(first, EVENTS, format).headers();
			Map<String, String> retryHeaders = RelayRequest.of(retry, EVENTS, format).headers();
			assertThat(firstHeaders.get(RelayClient.EVENT_ID_HEADER)).isEqualTo(DedupIds.of(first))
				.isEqualTo(retryHeaders.get(RelayClient.EVENT_ID_HEADER))
				.hasSize(64);
			assertThat(firstHeaders).containsEntry(RelayClient.DELIVERY_ID_HEADER, first.getEventId());
			assertThat(retryHeaders).containsEntry(RelayClient.DELIVERY_ID_HEADER, retry.getEventId());
		}
	}

	@Test
	void shouldSendTheDedupIdTheEventCarries() {
		WechatEvent event = event(EncryptionMode.SAFE);
		event.setDedupId("carried");
		assertThat(RelayRequest.of(event, EVENTS, Format.VERBATIM).headers()).containsEntry(RelayClient.EVENT_ID_HEADER,
				"carried");
	}

	@Test
	void shouldSendADifferentEventIdForAnotherPush() {
		WechatEvent event = event(EncryptionMode.SAFE);
		WechatEvent other = event(EncryptionMode.SAFE);
		other.setCreateTime(event.getCreateTime() + 1);
		assertThat(RelayRequest.of(other, EVENTS, Format.VERBATIM).headers().get(RelayClient.EVENT_ID_HEADER))
			.isNotEqualTo(RelayRequest.of(event, EVENTS, Format.VERBATIM).headers().get(RelayClient.EVENT_ID_HEADER));
	}

	static WechatEvent event(EncryptionMode mode) {
		return event("0192f0c4-9f1e-7a3b-8c2d-1e2f3a4b5c6d", mode);
	}

	static WechatEvent event(String eventId, EncryptionMode mode) {
		return new WechatEvent(eventId, "main", "wx1", "gh_1", "o1", 1714112445L, "event", "SCAN", "scene", "TICKET",
				null, Map.of(), "<xml/>", PayloadFormat.XML, Instant.now(), mode, new OriginalRequest(QUERY,
						"text/xml; charset=utf-8", ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8))),
				null);
	}

}
