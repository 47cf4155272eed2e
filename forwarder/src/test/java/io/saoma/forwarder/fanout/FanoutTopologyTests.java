package io.saoma.forwarder.fanout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.forwarder.fanout.FanoutSamples.Published;
import io.saoma.forwarder.fanout.FanoutSamples.Sample;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.SchemaHistory;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FanoutTopologyTests {

	private static final Duration WINDOW = Duration.ofMinutes(6);

	private static final String CHANGELOG = "fanout-topology-tests-" + SeenPushes.STORE + "-changelog";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private TopologyTestDriver driver;

	private TestInputTopic<byte[], byte[]> events;

	private long timestamp = FanoutSamples.RECEIVED_AT.toEpochMilli();

	@BeforeEach
	void setUp(@TempDir Path stateDir) {
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(this.registry), WINDOW);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "fanout-topology-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
		this.driver = new TopologyTestDriver(builder.build(), config);
		this.events = this.driver.createInputTopic(Topics.Names.WECHAT_EVENTS, new ByteArraySerializer(),
				new ByteArraySerializer());
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void shouldPublishEachEventOnceToTheTopicOfItsType() {
		List<Published> expected = new ArrayList<>();
		for (Sample sample : FanoutSamples.everyType("user-1")) {
			expected.add(pipe(sample.topic(), sample.key(), sample.value()));
		}

		assertThat(published()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(this.driver.producedTopicNames()).contains(CHANGELOG);
		assertThat(publishedTopics()).containsExactlyInAnyOrder("wechat.events.subscribe", "wechat.events.scan",
				"wechat.events.unsubscribe", "wechat.events.location", "wechat.events.click", "wechat.events.view",
				"wechat.events.templatesendjobfinish", "wechat.messages.text", "wechat.messages.image",
				"wechat.messages.voice", "wechat.messages.location", "wechat.events.other");
	}

	@Test
	void shouldKeepTheBytesOfARecordWrittenWithTheOldestReleasedSchema() throws IOException {
		// v1 lacks today's dedupId, and the writer's order of the fields map is not what
		// re-encoding reproduces.
		Schema oldest = SchemaHistory.versions("WechatEvent").get(0);
		Map<String, String> fieldsInWriterOrder = new LinkedHashMap<>();
		fieldsInWriterOrder.put("Idx", "1");
		fieldsInWriterOrder.put("MenuId", "MENUID");
		WechatEvent view = FanoutSamples.push("user-1", "event", "<xml/>")
			.setEvent("VIEW")
			.setFields(fieldsInWriterOrder)
			.build();
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		new BinaryMessageEncoder<WechatEvent>(SpecificData.getForClass(WechatEvent.class), oldest).encode(view,
				written);
		byte[] bytes = written.toByteArray();
		byte[] reEncoded = AvroSerdes.wechatEvent().encode(AvroSerdes.wechatEvent().decode(bytes));
		assertThat(reEncoded).as("re-encoding would change these bytes").isNotEqualTo(bytes);

		Published expected = pipe("wechat.events.view", "wx:user-1".getBytes(StandardCharsets.UTF_8), bytes);

		assertThat(published()).containsExactly(expected);
	}

	@Test
	void shouldKeepTheBytesAndDedupIdOfARecordWrittenWithTheCurrentSchema() {
		WechatEvent scan = FanoutSamples.push("user-1", "event", "<xml/>")
			.setEvent("SCAN")
			.setEventKey("scene")
			.build();
		scan.setDedupId(DedupIds.compute(scan));
		byte[] bytes = AvroSerdes.wechatEvent().encode(scan);

		Published expected = pipe("wechat.events.scan", "wx:user-1".getBytes(StandardCharsets.UTF_8), bytes);

		List<Published> published = published();
		assertThat(published).containsExactly(expected);
		byte[] out = java.util.HexFormat.of().parseHex(published.get(0).value());
		assertThat(AvroSerdes.wechatEvent().decode(out).getDedupId()).isEqualTo(scan.getDedupId()).hasSize(64);
	}

	@Test
	void shouldKeepKeyBytesThatAreNotText() {
		Sample click = FanoutSamples.firstOf("user-1", "wechat.events.click");
		byte[] notUtf8 = { 'w', 'x', ':', (byte) 0xC3, 0x28, (byte) 0xFF };

		Published expected = pipe(click.topic(), notUtf8, click.value());

		assertThat(published()).containsExactly(expected);
	}

	@Test
	void shouldSendPoisonRecordsToTheDeadLetterTopicAndKeepGoing() {
		byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
		this.events.pipeInput(new TestRecord<>("wx:user-1".getBytes(StandardCharsets.UTF_8), garbage,
				FanoutSamples.headers("poison"), this.timestamp));
		Sample click = FanoutSamples.firstOf("user-1", "wechat.events.click");
		Published afterwards = pipe(click.topic(), click.key(), click.value());

		List<TestRecord<byte[], byte[]>> dead = outputOf(Topics.Names.FORWARDER_DLT);
		assertThat(dead).hasSize(1);
		TestRecord<byte[], byte[]> letter = dead.get(0);
		assertThat(letter.key()).isEqualTo("wx:user-1".getBytes(StandardCharsets.UTF_8));
		assertThat(letter.value()).isEqualTo(garbage);
		assertThat(text(letter.headers(), "traceparent")).isEqualTo("poison");
		assertThat(text(letter.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.WECHAT_EVENTS);
		assertThat(ByteBuffer.wrap(letter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION).value()).getInt())
			.isZero();
		assertThat(ByteBuffer.wrap(letter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).getLong())
			.isZero();
		assertThat(text(letter.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
			.isEqualTo(SerializationException.class.getName());
		assertThat(text(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("Cannot decode WechatEvent");
		assertThat(published()).containsExactly(afterwards);
	}

	@Test
	void shouldSendATombstoneToTheDeadLetterTopic() {
		this.events.pipeInput("wx:user-1".getBytes(StandardCharsets.UTF_8), (byte[]) null);

		List<TestRecord<byte[], byte[]>> dead = outputOf(Topics.Names.FORWARDER_DLT);
		assertThat(dead).hasSize(1);
		assertThat(dead.get(0).value()).isNull();
		assertThat(text(dead.get(0).headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("tombstone");
	}

	@Test
	void shouldCountEachRecordUnderTheTopicItWentTo() {
		for (Sample sample : FanoutSamples.everyType("user-1")) {
			pipe(sample.topic(), sample.key(), sample.value());
		}
		this.events.pipeInput("wx:user-1".getBytes(StandardCharsets.UTF_8), new byte[] { 1, 2, 3 });

		assertThat(count("wechat.events.subscribe")).isEqualTo(2);
		assertThat(count("wechat.events.other")).isEqualTo(2);
		assertThat(count("wechat.messages.text")).isEqualTo(1);
		assertThat(count(Topics.Names.FORWARDER_DLT)).isEqualTo(1);
		assertThat(count("wechat.messages.video")).as("registered before the first video").isZero();
		assertThat(this.registry.get(FanoutMetrics.ROUTED).counters()).hasSize(FanoutTopics.targets().size());
	}

	@Test
	void shouldPublishAPushOnceWhenWechatRetriesItWithinTheWindow() {
		WechatEvent scan = FanoutSamples.push("user-1", "event", "<xml/>")
			.setEvent("SCAN")
			.setEventKey("scene")
			.build();
		byte[] key = EventKeys.of(scan.getAppId(), scan.getFromUserName()).getBytes(StandardCharsets.UTF_8);
		long first = this.timestamp;

		Published published = pipeAt("wechat.events.scan", key, scan, first);
		pipeAt("wechat.events.scan", key, retryOf(scan), first + 5_000);
		pipeAt("wechat.events.scan", key, retryOf(scan), first + WINDOW.toMillis() - 1);
		pipeAt("wechat.events.scan", key, retryOf(scan), first - 10_000);

		assertThat(published()).containsExactly(published);
		assertThat(count("wechat.events.scan")).isEqualTo(1);
		assertThat(this.registry.get(FanoutMetrics.DUPLICATES).tag("topic", "wechat.events.scan").counter().count())
			.isEqualTo(3);
	}

	@Test
	void shouldPublishARepeatAgainOnceTheWindowHasPassed() {
		WechatEvent click = FanoutSamples.firstOf("user-1", "wechat.events.click").event();
		byte[] key = EventKeys.of(click.getAppId(), click.getFromUserName()).getBytes(StandardCharsets.UTF_8);
		long first = this.timestamp;

		Published once = pipeAt("wechat.events.click", key, click, first);
		Published again = pipeAt("wechat.events.click", key, retryOf(click), first + WINDOW.toMillis() + 1);

		assertThat(published()).containsExactly(once, again);
	}

	@Test
	void shouldPublishDistinctPushesOfOneUserInOneSecondEachOnce() {
		WechatEvent scan = FanoutSamples.push("user-1", "event", "<xml/>").setEvent("SCAN").setEventKey("a").build();
		WechatEvent otherScene = WechatEvent.newBuilder(scan).setEventId("other").setEventKey("b").build();
		byte[] key = EventKeys.of(scan.getAppId(), scan.getFromUserName()).getBytes(StandardCharsets.UTF_8);

		Published a = pipeAt("wechat.events.scan", key, scan, this.timestamp);
		Published b = pipeAt("wechat.events.scan", key, otherScene, this.timestamp);

		assertThat(published()).containsExactly(a, b);
	}

	@Test
	void shouldForgetPushesOlderThanTheWindowSoTheStoreStaysBounded() {
		long start = this.timestamp;
		for (int user = 0; user < 500; user++) {
			WechatEvent click = FanoutSamples.firstOf("user-" + user, "wechat.events.click").event();
			pipeAt("wechat.events.click",
					EventKeys.of(click.getAppId(), click.getFromUserName()).getBytes(StandardCharsets.UTF_8), click,
					start + user);
		}
		assertThat(entriesOfTheStore()).isEqualTo(500);

		WechatEvent late = FanoutSamples.firstOf("user-late", "wechat.events.click").event();
		pipeAt("wechat.events.click",
				EventKeys.of(late.getAppId(), late.getFromUserName()).getBytes(StandardCharsets.UTF_8), late,
				start + 3 * WINDOW.toMillis());

		assertThat(entriesOfTheStore()).isEqualTo(1);
	}

	private long entriesOfTheStore() {
		WindowStore<String, Long> store = this.driver.getWindowStore(SeenPushes.STORE);
		long entries = 0;
		try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
			while (all.hasNext()) {
				all.next();
				entries++;
			}
		}
		return entries;
	}

	/**
	 * What WeChat's retry of a push becomes: a new delivery (event id, receive time) of
	 * the same push.
	 */
	private static WechatEvent retryOf(WechatEvent event) {
		return WechatEvent.newBuilder(event)
			.setEventId(java.util.UUID.randomUUID().toString())
			.setReceivedAt(event.getReceivedAt().plusSeconds(5))
			.build();
	}

	private Published pipeAt(String expectedTopic, byte[] key, WechatEvent event, long timestamp) {
		byte[] value = AvroSerdes.wechatEvent().encode(event);
		Headers headers = FanoutSamples.headers("trace-" + timestamp);
		this.events.pipeInput(new TestRecord<>(key, value, headers, timestamp));
		return Published.of(expectedTopic, key, value, headers, timestamp);
	}

	@Test
	void shouldNameEverySourceProcessorAndSink() {
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(this.registry), WINDOW);
		String description = builder.build().describe().toString();
		assertThat(description).doesNotContain("KSTREAM-")
			.contains(FanoutTopology.SOURCE, FanoutTopology.SINK, FanoutTopology.DEAD_LETTER_SINK, SeenPushes.STORE);
	}

	private Published pipe(String expectedTopic, byte[] key, byte[] value) {
		Headers headers = FanoutSamples.headers("trace-" + this.timestamp);
		this.events.pipeInput(new TestRecord<>(key, value, headers, this.timestamp));
		return Published.of(expectedTopic, key, value, headers, this.timestamp++);
	}

	private List<Published> published() {
		List<Published> published = new ArrayList<>();
		for (String topic : publishedTopics()) {
			for (TestRecord<byte[], byte[]> record : outputOf(topic)) {
				published.add(Published.of(topic, record.key(), record.value(), record.headers(), record.timestamp()));
			}
		}
		return published;
	}

	/** The topics the fan-out published to, without its store's changelog. */
	private List<String> publishedTopics() {
		return this.driver.producedTopicNames().stream().filter((topic) -> !topic.equals(CHANGELOG)).toList();
	}

	private List<TestRecord<byte[], byte[]>> outputOf(String topic) {
		return this.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
			.readRecordsToList();
	}

	private double count(String topic) {
		return this.registry.get(FanoutMetrics.ROUTED).tag("topic", topic).counter().count();
	}

	private static String text(Headers headers, String name) {
		return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
