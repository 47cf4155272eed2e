package io.saoma.schemas;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicsTests {

	@Test
	void shouldFanEventsOutByTheirLowerCaseName() {
		assertThat(Topics.fanoutTopic("event", "subscribe")).isEqualTo("wechat.events.subscribe");
		assertThat(Topics.fanoutTopic("event", "SCAN")).isEqualTo("wechat.events.scan");
		assertThat(Topics.fanoutTopic("event", "TEMPLATESENDJOBFINISH"))
			.isEqualTo("wechat.events.templatesendjobfinish");
		assertThat(Topics.fanoutTopic("event", "LOCATION")).isEqualTo("wechat.events.location");
	}

	@Test
	void shouldFanMessagesOutByTheirMsgType() {
		assertThat(Topics.fanoutTopic("text", null)).isEqualTo("wechat.messages.text");
		assertThat(Topics.fanoutTopic("location", null)).isEqualTo("wechat.messages.location");
	}

	@Test
	void shouldSendUnknownTypesToOther() {
		assertThat(Topics.fanoutTopic("event", "view_miniprogram")).isEqualTo(Topics.Names.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("event", null)).isEqualTo(Topics.Names.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("miniprogrampage", null)).isEqualTo(Topics.Names.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("Text", null)).isEqualTo(Topics.Names.EVENTS_OTHER);
	}

	@Test
	void shouldListEveryFanoutTopicOnce() {
		assertThat(Topics.fanoutTopics()).hasSize(15)
			.doesNotHaveDuplicates()
			.contains(Topics.Names.EVENTS_OTHER, "wechat.events.location", "wechat.messages.location");
	}

	@Test
	void shouldMirrorEachFanoutTopicToAJsonTopicOfItsOwn() {
		assertThat(Topics.jsonMirrorTopic("wechat.events.click")).isEqualTo("wechat.json.events.click");
		assertThat(Topics.jsonMirrorTopic("wechat.events.location")).isEqualTo("wechat.json.events.location");
		assertThat(Topics.jsonMirrorTopic("wechat.messages.location")).isEqualTo("wechat.json.messages.location");
		assertThat(Topics.jsonMirrorTopic(Topics.Names.EVENTS_OTHER)).isEqualTo("wechat.json.events.other");
		assertThat(Topics.jsonMirrorTopics()).hasSameSizeAs(Topics.fanoutTopics())
			.doesNotHaveDuplicates()
			.allMatch((topic) -> topic.matches("wechat\\.json\\..*"))
			.doesNotContainAnyElementsOf(Topics.fanoutTopics());
		assertThatIllegalArgumentException().isThrownBy(() -> Topics.jsonMirrorTopic(Topics.Names.WECHAT_EVENTS));
	}

	@Test
	void shouldKeepTheNamesOfTheDeployedTopics() {
		Map<Topic<?, ?>, String> names = new LinkedHashMap<>();
		names.put(Topics.WECHAT_EVENTS, "wechat.events");
		names.put(Topics.QR_TICKETS, "wechat.qr-tickets");
		names.put(Topics.LOGINS, "wechat.logins");
		names.put(Topics.LOGIN_STATUS, "wechat.login-status");
		names.put(Topics.LOGIN_REDEMPTIONS, "wechat.login-redemptions");
		names.put(Topics.LOGIN_PROCESSOR_DLT, "wechat.login-processor.dlt");
		names.put(Topics.LOGIN_FUNNEL, "wechat.login-funnel");
		names.put(Topics.RELAY_DLT, "wechat.events.authing-relay-dlt");
		names.put(Topics.FORWARDER_DLT, "wechat.forwarder.dlt");
		names.put(Topics.EVENTS_OTHER, "wechat.events.other");
		names.forEach((topic, name) -> assertThat(topic.name()).isEqualTo(name).isEqualTo(topic.toString()));
		assertThat(Topics.Names.WECHAT_EVENTS).isEqualTo(Topics.WECHAT_EVENTS.name());
		assertThat(Topics.Names.QR_TICKETS).isEqualTo(Topics.QR_TICKETS.name());
		assertThat(Topics.Names.LOGINS).isEqualTo(Topics.LOGINS.name());
		assertThat(Topics.Names.LOGIN_STATUS).isEqualTo(Topics.LOGIN_STATUS.name());
		assertThat(Topics.Names.LOGIN_REDEMPTIONS).isEqualTo(Topics.LOGIN_REDEMPTIONS.name());
		assertThat(Topics.Names.LOGIN_PROCESSOR_DLT).isEqualTo(Topics.LOGIN_PROCESSOR_DLT.name());
		assertThat(Topics.Names.LOGIN_FUNNEL).isEqualTo(Topics.LOGIN_FUNNEL.name());
		assertThat(Topics.Names.RELAY_DLT).isEqualTo(Topics.RELAY_DLT.name());
		assertThat(Topics.Names.FORWARDER_DLT).isEqualTo(Topics.FORWARDER_DLT.name());
		assertThat(Topics.Names.EVENTS_OTHER).isEqualTo(Topics.EVENTS_OTHER.name());
		assertThat(Topics.RELAY_DLT.name()).startsWith(Topics.WECHAT_EVENTS.name() + ".");
	}

	@Test
	void shouldPairEveryTopicWithTheSerdesOfItsKeysAndValues() {
		Instant now = Instant.parse("2026-11-24T08:00:00Z");
		QrTicket ticket = new QrTicket("login-1", "main", "wx1", "scene", "TICKET", "http://weixin.qq.com/q/T", now,
				now.plusSeconds(300), null);
		assertRoundTrip(Topics.WECHAT_EVENTS, "wx1:o1", AvroSerdeTests.sampleEvent());
		assertRoundTrip(Topics.EVENTS_OTHER, "wx1:o1", AvroSerdeTests.sampleEvent());
		assertRoundTrip(Topics.QR_TICKETS, "TICKET", ticket);
		assertRoundTrip(Topics.LOGINS, "login-1", new LoginResult("login-1", "main", "wx1", LoginOutcome.SUCCEEDED,
				"o1", false, "scene", "TICKET", now, now.plusSeconds(300), now, now, "event-1", null));
		assertRoundTrip(Topics.LOGIN_STATUS, "login-1",
				LoginStatus.newBuilder()
					.setLoginId("login-1")
					.setAccount("main")
					.setAppId("wx1")
					.setState(LoginState.PENDING)
					.setExpiresAt(now.plusSeconds(300))
					.setUpdatedAt(now)
					.setScene("scene")
					.build());
		assertRoundTrip(Topics.LOGIN_REDEMPTIONS, "login-1", new RedemptionRequest("request-1", S256.of("code"), now));
		byte[] raw = { (byte) 0xC3, 0x01, 0x00, (byte) 0xFF };
		for (Topic<byte[], byte[]> deadLetters : List.of(Topics.LOGIN_PROCESSOR_DLT, Topics.RELAY_DLT,
				Topics.FORWARDER_DLT)) {
			assertThat(deadLetters.values()
				.deserializer()
				.deserialize(deadLetters.name(), deadLetters.values().serializer().serialize(deadLetters.name(), raw)))
				.as(deadLetters.name())
				.isEqualTo(raw);
		}
	}

	@Test
	void shouldReadAndWriteATopicWithItsOwnSerdes() {
		Topic<String, QrTicket> topic = Topics.QR_TICKETS;
		Consumed<String, QrTicket> consumed = topic.consumed();
		Produced<String, QrTicket> produced = topic.produced();
		assertThat(consumed).isEqualTo(Consumed.with(topic.keys(), topic.values()));
		assertThat(produced).isEqualTo(Produced.with(topic.keys(), topic.values()));
	}

	private static <K, V> void assertRoundTrip(Topic<K, V> topic, K key, V value) {
		assertThat(decode(topic.keys(), topic.name(), encode(topic.keys(), topic.name(), key))).as(topic.name())
			.isEqualTo(key);
		assertThat(decode(topic.values(), topic.name(), encode(topic.values(), topic.name(), value))).as(topic.name())
			.isEqualTo(value);
	}

	private static <T> byte[] encode(Serde<T> serde, String topic, T value) {
		return serde.serializer().serialize(topic, value);
	}

	private static <T> T decode(Serde<T> serde, String topic, byte[] bytes) {
		return serde.deserializer().deserialize(topic, bytes);
	}

}
