package io.saoma.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.testsupport.events.TestEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON line of a record: the same field names whichever schema version wrote it, the
 * version named, ISO-8601 timestamps, secrets redacted, and an error line for bytes that
 * do not decode.
 */
class RecordLinesTests {

	private static final Instant RECEIVED = Instant.parse("2026-12-01T10:15:30.123Z");

	private static final long TIMESTAMP = Instant.parse("2026-12-01T10:15:31Z").toEpochMilli();

	private final ObjectMapper mapper = new ObjectMapper();

	private final TopicFormat events = TopicCatalog.find("wechat.events").orElseThrow();

	@Test
	void shouldRenderAV1PushWithTheCurrentFieldNamesAndNoDedupId() throws Exception {
		WechatEvent push = TestEvents.subscribe("scene-1", "TICKET-1")
			.from("o-alice")
			.receivedAt(RECEIVED)
			.field("Nick", "小明")
			.build();
		JsonNode line = line(record(TailRecords.wechatEventV1(push)));
		assertThat(line.get("schema").asText()).isEqualTo("WechatEvent/v1");
		assertLocation(line);
		JsonNode value = line.get("value");
		assertThat(value.get("eventId").asText()).isEqualTo(push.getEventId());
		assertThat(value.get("account").asText()).isEqualTo("main");
		assertThat(value.get("msgType").asText()).isEqualTo("event");
		assertThat(value.get("event").asText()).isEqualTo("subscribe");
		assertThat(value.get("eventKey").asText()).isEqualTo("qrscene_scene-1");
		assertThat(value.get("receivedAt").asText()).isEqualTo("2026-12-01T10:15:30.123Z");
		assertThat(value.get("encryption").asText()).isEqualTo("PLAINTEXT");
		assertThat(value.get("fields").get("Nick").asText()).isEqualTo("小明");
		assertThat(value.get("request").get("rawQuery").isTextual()).isTrue();
		assertThat(value.has("dedupId")).isTrue();
		assertThat(value.get("dedupId").isNull()).isTrue();
	}

	@Test
	void shouldRenderACurrentPushWithItsDedupIdAndTheSameFieldNamesAsV1() throws Exception {
		WechatEvent push = TestEvents.scan("scene-2", "TICKET-2").from("o-bob").receivedAt(RECEIVED).build();
		JsonNode current = line(record(TailRecords.wechatEventCurrent(push)));
		JsonNode v1 = line(record(TailRecords.wechatEventV1(push)));
		assertThat(current.get("schema").asText()).isEqualTo("WechatEvent/v2");
		assertThat(current.get("value").get("dedupId").asText()).hasSize(64).isEqualTo(push.getDedupId());
		assertThat(current.get("value").get("event").asText()).isEqualTo("SCAN");
		assertThat(fieldNames(current.get("value"))).isEqualTo(fieldNames(v1.get("value")));
		assertThat(fieldNames(current)).containsExactly("topic", "partition", "offset", "timestamp", "key", "schema",
				"value");
	}

	@Test
	void shouldRenderBytesThatDoNotDecodeAsAnErrorLineWithTheOffset() throws Exception {
		ConsumerRecord<byte[], byte[]> record = record("not avro".getBytes(StandardCharsets.UTF_8));
		JsonNode line = this.mapper.readTree(this.mapper.writeValueAsString(RecordLines.undecodable(record, "boom")));
		assertLocation(line);
		assertThat(line.get("error").asText()).isEqualTo("boom");
		assertThat(line.get("valueBytes").asInt()).isEqualTo(8);
		assertThat(line.has("value")).isFalse();
	}

	@Test
	void shouldRedactTheOneTimeCodeOfALoginStatus() {
		LoginStatus status = LoginStatus.newBuilder()
			.setLoginId("login-1")
			.setAccount("main")
			.setAppId("wx1")
			.setState(LoginState.SUCCEEDED)
			.setExpiresAt(RECEIVED)
			.setUpdatedAt(RECEIVED)
			.setCode("the-secret-code")
			.setOpenId("o-alice")
			.setScene("scene-1")
			.build();
		JsonNode value = AvroJson.of(AvroSerdes.loginStatus().decode(AvroSerdes.loginStatus().encode(status)));
		assertThat(value.get("code").asText()).isEqualTo(AvroJson.REDACTED);
		assertThat(value.toString()).doesNotContain("the-secret-code");
		assertThat(value.get("state").asText()).isEqualTo("SUCCEEDED");
		assertThat(value.get("updatedAt").asText()).isEqualTo("2026-12-01T10:15:30.123Z");
	}

	@Test
	void shouldWriteOneUtf8LinePerRecord() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		JsonLines lines = new JsonLines(new PrintStream(bytes, false, StandardCharsets.UTF_8));
		WechatEvent push = TestEvents.message("text").field("Content", "你好\nworld").build();
		assertThat(lines.write(line(record(TailRecords.wechatEventCurrent(push))))).isTrue();
		String written = bytes.toString(StandardCharsets.UTF_8);
		assertThat(written).endsWith("\n").containsOnlyOnce("\n").contains("你好\\nworld");
	}

	private JsonNode line(ConsumerRecord<byte[], byte[]> record) throws Exception {
		WechatEvent value = AvroSerdes.wechatEvent().decode(record.value());
		String schema = this.events.versions().of(record.value()).orElseThrow();
		return this.mapper.readTree(this.mapper.writeValueAsString(RecordLines.decoded(record, schema, value)));
	}

	private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
		return new ConsumerRecord<>("wechat.events", 2, 41, TIMESTAMP, TimestampType.CREATE_TIME, 3, value.length,
				"k:1".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
	}

	private static void assertLocation(JsonNode line) {
		assertThat(line.get("topic").asText()).isEqualTo("wechat.events");
		assertThat(line.get("partition").asInt()).isEqualTo(2);
		assertThat(line.get("offset").asLong()).isEqualTo(41);
		assertThat(line.get("timestamp").asText()).isEqualTo("2026-12-01T10:15:31Z");
		assertThat(line.get("key").asText()).isEqualTo("k:1");
	}

	private static java.util.List<String> fieldNames(JsonNode node) {
		java.util.List<String> names = new java.util.ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
