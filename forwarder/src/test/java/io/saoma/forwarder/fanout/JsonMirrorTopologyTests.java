package io.saoma.forwarder.fanout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.forwarder.fanout.FanoutSamples.Published;
import io.saoma.forwarder.fanout.FanoutSamples.Sample;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.SchemaHistory;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.WechatEvent;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON mirror in the fan-out's topology: on, each published push also goes as one
 * JSON object in the documented shape to the JSON topic of its type, with its key,
 * headers and timestamp; off, the topology is the plain fan-out.
 */
class JsonMirrorTopologyTests {

	private static final Duration WINDOW = Duration.ofMinutes(6);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonMirrorSchema SCHEMA = JsonMirrorSchema.load();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@TempDir
	private Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<byte[], byte[]> events;

	private long timestamp = FanoutSamples.RECEIVED_AT.toEpochMilli();

	@AfterEach
	void tearDown() {
		if (this.driver != null) {
			this.driver.close();
		}
	}

	@Test
	void shouldMirrorEveryTypeAsJsonBesideItsAvroCopy() {
		start(true);
		List<Published> avro = new ArrayList<>();
		List<Sample> samples = FanoutSamples.everyType("user-1");
		for (Sample sample : samples) {
			avro.add(pipe(sample.topic(), sample.key(), sample.value()));
		}

		assertThat(published(Topics.fanoutTopics())).containsExactlyInAnyOrderElementsOf(avro);
		List<TestRecord<byte[], byte[]>> mirrored = jsonRecords();
		assertThat(mirrored).hasSameSizeAs(samples);
		for (int i = 0; i < samples.size(); i++) {
			Sample sample = samples.get(i);
			Published original = avro.get(i);
			TestRecord<byte[], byte[]> json = jsonRecordOf(sample.event().getEventId());
			assertThat(json.key()).isEqualTo(sample.key());
			assertThat(json.timestamp()).isEqualTo(original.timestamp());
			assertThat(Published.of("", json.key(), json.value(), json.headers(), json.timestamp()).headers())
				.isEqualTo(original.headers());
			assertThat(SCHEMA.violations(json.value())).as(sample.topic()).isEmpty();
			assertSameFields(tree(json.value()), sample.event());
		}
		assertThat(this.driver.producedTopicNames()).filteredOn((topic) -> topic.startsWith("wechat.json."))
			.containsExactlyInAnyOrder("wechat.json.events.subscribe", "wechat.json.events.scan",
					"wechat.json.events.unsubscribe", "wechat.json.events.location", "wechat.json.events.click",
					"wechat.json.events.view", "wechat.json.events.templatesendjobfinish", "wechat.json.messages.text",
					"wechat.json.messages.image", "wechat.json.messages.voice", "wechat.json.messages.location",
					"wechat.json.events.other");
	}

	@Test
	void shouldPublishEachRecordToTheJsonTopicOfItsFanoutTopic() {
		start(true);
		for (Sample sample : FanoutSamples.everyType("user-1")) {
			pipe(sample.topic(), sample.key(), sample.value());
			String jsonTopic = Topics.jsonMirrorTopic(sample.topic());
			assertThat(outputOf(jsonTopic)).as(jsonTopic)
				.singleElement()
				.satisfies((record) -> assertThat(tree(record.value()).get("eventId").asString())
					.isEqualTo(sample.event().getEventId()));
		}
	}

	@Test
	void shouldWriteTheDocumentedFieldsInTheDocumentedOrder() {
		start(true);
		Sample location = FanoutSamples.firstOf("user-1", "wechat.events.location");
		pipe(location.topic(), location.key(), location.value());

		JsonNode json = tree(jsonRecords().get(0).value());

		List<String> written = new ArrayList<>(json.propertyNames());
		assertThat(written).containsExactlyElementsOf(WechatEventJson.FIELDS)
			.containsExactlyElementsOf(SCHEMA.properties())
			.containsExactlyElementsOf(SCHEMA.required());
		assertThat(json.get("v").asInt()).isEqualTo(1);
		assertThat(SCHEMA.violations("{\"v\":2}".getBytes(StandardCharsets.UTF_8))).as("the validator validates")
			.isNotEmpty();
		assertThat(json.get("createTime").asString()).isEqualTo("1973-11-29T21:33:09.000Z");
		assertThat(json.get("createTimeSeconds").asLong()).isEqualTo(123456789L);
		assertThat(json.get("receivedAt").asString()).isEqualTo("2026-11-24T08:00:00.000Z");
		assertThat(json.get("receivedAtMillis").asLong()).isEqualTo(FanoutSamples.RECEIVED_AT.toEpochMilli());
		assertThat(json.get("fields").propertyNames()).containsExactly("Latitude", "Longitude", "Precision");
		assertThat(json.get("fields").get("Latitude").asString()).isEqualTo("23.137466");
		assertThat(json.get("eventKey").isNull()).as("absent fields are null, not missing").isTrue();
		assertThat(json.get("ticket").isNull()).isTrue();
		assertThat(json.get("msgId").isNull()).isTrue();
		assertThat(new String(Base64.getDecoder().decode(json.get("requestBodyBase64").asString()),
				StandardCharsets.UTF_8))
			.isEqualTo(location.event().getPayload());
	}

	@Test
	void shouldWriteANullCreateTimeWhenWechatsValueIsNoTime() {
		start(true);
		WechatEvent absurd = FanoutSamples.push("user-1", "event", "<xml/>")
			.setEvent("CLICK")
			.setEventKey("k")
			.setCreateTime(-5)
			.build();

		pipeAt(absurd, this.timestamp);

		JsonNode json = tree(jsonRecords().get(0).value());
		assertThat(json.get("createTime").isNull()).isTrue();
		assertThat(json.get("createTimeSeconds").asLong()).isEqualTo(-5);
		assertThat(SCHEMA.violations(jsonRecords().get(0).value())).isEmpty();
	}

	@Test
	void shouldMirrorARecordWrittenWithTheOldestReleasedSchemaWithItsComputedDedupId() throws IOException {
		start(true);
		Schema oldest = SchemaHistory.versions("WechatEvent").get(0);
		assertThat(oldest.getField("dedupId")).as("v1 has no dedupId").isNull();
		WechatEvent view = FanoutSamples.firstOf("user-1", "wechat.events.view").event();
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		new BinaryMessageEncoder<WechatEvent>(SpecificData.getForClass(WechatEvent.class), oldest).encode(view,
				written);
		byte[] key = EventKeys.of(view.getAppId(), view.getFromUserName()).getBytes(StandardCharsets.UTF_8);

		Published avro = pipe("wechat.events.view", key, written.toByteArray());

		assertThat(published(List.of("wechat.events.view"))).containsExactly(avro);
		TestRecord<byte[], byte[]> json = outputOf("wechat.json.events.view").get(0);
		assertThat(tree(json.value()).get("dedupId").asString()).isEqualTo(DedupIds.compute(view)).hasSize(64);
		assertSameFields(tree(json.value()), view);
		assertThat(SCHEMA.violations(json.value())).isEmpty();
	}

	@Test
	void shouldMirrorARecordWrittenWithTheCurrentSchemaWithTheDedupIdItCarries() {
		start(true);
		WechatEvent scan = FanoutSamples.firstOf("user-1", "wechat.events.scan").event();
		scan.setDedupId("ab".repeat(32));

		pipeAt(scan, this.timestamp);

		JsonNode json = tree(outputOf("wechat.json.events.scan").get(0).value());
		assertThat(json.get("dedupId").asString()).isEqualTo("ab".repeat(32));
		assertSameFields(json, scan);
	}

	@Test
	void shouldMirrorAPushOnceWhenWechatRetriesIt() {
		start(true);
		WechatEvent scan = FanoutSamples.firstOf("user-1", "wechat.events.scan").event();

		pipeAt(scan, this.timestamp);
		pipeAt(WechatEvent.newBuilder(scan).setEventId(UUID.randomUUID().toString()).build(), this.timestamp + 5_000);

		assertThat(outputOf("wechat.json.events.scan")).singleElement()
			.satisfies((record) -> assertThat(tree(record.value()).get("eventId").asString())
				.isEqualTo(scan.getEventId()));
		assertThat(outputOf("wechat.events.scan")).hasSize(1);
	}

	@Test
	void shouldSendUndecodableRecordsToTheDeadLetterTopicAndMirrorNothingOfThem() {
		start(true);
		byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
		this.events.pipeInput(new TestRecord<>("wx:user-1".getBytes(StandardCharsets.UTF_8), garbage,
				FanoutSamples.headers("poison"), this.timestamp));
		Sample click = FanoutSamples.firstOf("user-1", "wechat.events.click");
		pipe(click.topic(), click.key(), click.value());

		List<TestRecord<byte[], byte[]>> dead = outputOf(Topics.Names.FORWARDER_DLT);
		assertThat(dead).singleElement().satisfies((letter) -> {
			assertThat(letter.value()).isEqualTo(garbage);
			assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.EXCEPTION_MESSAGE).value(),
					StandardCharsets.UTF_8))
				.contains("Cannot decode WechatEvent");
		});
		assertThat(jsonRecords()).singleElement()
			.satisfies((record) -> assertThat(tree(record.value()).get("eventId").asString())
				.isEqualTo(click.event().getEventId()));
	}

	@Test
	void shouldWriteNoJsonWhenTheMirrorIsOff() {
		start(false);
		for (Sample sample : FanoutSamples.everyType("user-1")) {
			pipe(sample.topic(), sample.key(), sample.value());
		}

		assertThat(this.driver.producedTopicNames()).isNotEmpty()
			.noneMatch((topic) -> topic.startsWith("wechat.json."));
		assertThat(this.registry.find(FanoutMetrics.MIRRORED).counters()).isEmpty();
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(this.registry), WINDOW, false);
		String off = builder.build().describe().toString();
		StreamsBuilder unchanged = new StreamsBuilder();
		FanoutTopology.addTo(unchanged, new FanoutMetrics(this.registry), WINDOW);
		assertThat(off).isEqualTo(unchanged.build().describe().toString()).doesNotContain(FanoutTopology.JSON_SINK);
	}

	@Test
	void shouldNameTheJsonSinkAndCountWhatItPublishes() {
		start(true);
		for (Sample sample : FanoutSamples.everyType("user-1")) {
			pipe(sample.topic(), sample.key(), sample.value());
		}

		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(this.registry, true), WINDOW, true);
		assertThat(builder.build().describe().toString()).doesNotContain("KSTREAM-")
			.contains(FanoutTopology.SOURCE, FanoutTopology.SINK, FanoutTopology.DEAD_LETTER_SINK,
					FanoutTopology.JSON_SINK);
		assertThat(mirroredCount("wechat.json.events.subscribe")).isEqualTo(2);
		assertThat(mirroredCount("wechat.json.messages.text")).isEqualTo(1);
		assertThat(mirroredCount("wechat.json.messages.video")).as("registered before the first video").isZero();
		assertThat(this.registry.get(FanoutMetrics.MIRRORED).counters()).hasSize(Topics.jsonMirrorTopics().size());
		assertThat(this.registry.get(FanoutMetrics.ROUTED).tag("topic", "wechat.events.subscribe").counter().count())
			.as("the Avro copies are counted as before")
			.isEqualTo(2);
	}

	private void start(boolean jsonMirror) {
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(this.registry, jsonMirror), WINDOW, jsonMirror);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "json-mirror-topology-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		this.driver = new TopologyTestDriver(builder.build(), config);
		this.events = this.driver.createInputTopic(Topics.Names.WECHAT_EVENTS, new ByteArraySerializer(),
				new ByteArraySerializer());
	}

	/** Every field of the object against the push it came from. */
	private static void assertSameFields(JsonNode json, WechatEvent event) {
		assertThat(json.get("v").asInt()).isEqualTo(WechatEventJson.VERSION);
		assertThat(json.get("eventId").asString()).isEqualTo(event.getEventId());
		assertThat(json.get("dedupId").asString()).isEqualTo(DedupIds.of(event));
		assertThat(json.get("account").asString()).isEqualTo(event.getAccount());
		assertThat(json.get("appId").asString()).isEqualTo(event.getAppId());
		assertThat(json.get("toUserName").asString()).isEqualTo(event.getToUserName());
		assertThat(json.get("openId").asString()).isEqualTo(event.getFromUserName());
		assertThat(json.get("msgType").asString()).isEqualTo(event.getMsgType());
		assertThat(text(json, "event")).isEqualTo(event.getEvent());
		assertThat(text(json, "eventKey")).isEqualTo(event.getEventKey());
		assertThat(text(json, "ticket")).isEqualTo(event.getTicket());
		assertThat(text(json, "msgId")).isEqualTo(event.getMsgId());
		assertThat(Instant.parse(json.get("createTime").asString()))
			.isEqualTo(Instant.ofEpochSecond(event.getCreateTime()));
		assertThat(json.get("createTimeSeconds").asLong()).isEqualTo(event.getCreateTime());
		assertThat(Instant.parse(json.get("receivedAt").asString())).isEqualTo(event.getReceivedAt());
		assertThat(json.get("receivedAtMillis").asLong()).isEqualTo(event.getReceivedAt().toEpochMilli());
		assertThat(json.get("encryption").asString()).isEqualTo(event.getEncryption().name());
		assertThat(json.get("payloadFormat").asString()).isEqualTo(event.getPayloadFormat().name());
		assertThat(MAPPER.convertValue(json.get("fields"), Map.class)).isEqualTo(event.getFields());
		assertThat(json.get("payload").asString()).isEqualTo(event.getPayload());
		OriginalRequest request = event.getRequest();
		assertThat(json.get("requestQuery").asString()).isEqualTo(request.getRawQuery());
		assertThat(text(json, "requestContentType")).isEqualTo(request.getContentType());
		assertThat(Base64.getDecoder().decode(json.get("requestBodyBase64").asString()))
			.isEqualTo(bytes(request.getBody()));
	}

	private static String text(JsonNode json, String field) {
		JsonNode node = json.get(field);
		assertThat(node).as(field + " is present").isNotNull();
		return node.isNull() ? null : node.asString();
	}

	private static byte[] bytes(java.nio.ByteBuffer buffer) {
		java.nio.ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

	private static JsonNode tree(byte[] json) {
		return MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
	}

	private Published pipe(String expectedTopic, byte[] key, byte[] value) {
		Headers headers = FanoutSamples.headers("trace-" + this.timestamp);
		this.events.pipeInput(new TestRecord<>(key, value, headers, this.timestamp));
		return Published.of(expectedTopic, key, value, headers, this.timestamp++);
	}

	private void pipeAt(WechatEvent event, long timestamp) {
		byte[] key = EventKeys.of(event.getAppId(), event.getFromUserName()).getBytes(StandardCharsets.UTF_8);
		this.events.pipeInput(new TestRecord<>(key, AvroSerdes.wechatEvent().encode(event),
				FanoutSamples.headers("trace-" + timestamp), timestamp));
	}

	private List<Published> published(List<String> topics) {
		List<Published> published = new ArrayList<>();
		for (String topic : topics) {
			if (this.driver.producedTopicNames().contains(topic)) {
				for (TestRecord<byte[], byte[]> record : outputOf(topic)) {
					published
						.add(Published.of(topic, record.key(), record.value(), record.headers(), record.timestamp()));
				}
			}
		}
		return published;
	}

	private final Map<String, TestRecord<byte[], byte[]>> readJson = new java.util.HashMap<>();

	/** Every record on the JSON topics so far (read once, then remembered). */
	private List<TestRecord<byte[], byte[]>> jsonRecords() {
		for (String topic : Topics.jsonMirrorTopics()) {
			if (this.driver.producedTopicNames().contains(topic)) {
				for (TestRecord<byte[], byte[]> record : outputOf(topic)) {
					this.readJson.put(tree(record.value()).get("eventId").asString(), record);
				}
			}
		}
		return new ArrayList<>(this.readJson.values());
	}

	private TestRecord<byte[], byte[]> jsonRecordOf(String eventId) {
		jsonRecords();
		return this.readJson.get(eventId);
	}

	private List<TestRecord<byte[], byte[]>> outputOf(String topic) {
		return this.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
			.readRecordsToList();
	}

	private double mirroredCount(String topic) {
		return this.registry.get(FanoutMetrics.MIRRORED).tag("topic", topic).counter().count();
	}

}
