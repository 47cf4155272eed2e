package io.saoma.forwarder.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.forwarder.fanout.FanoutSamples.Sample;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON mirror read by a real Kafka ecosystem tool with no code of ours: a standalone
 * Kafka Connect worker (the Kafka jars from Maven Central, in a child JVM) runs the
 * FileStream sink with Connect's {@code JsonConverter} (schemas off) on every
 * {@code wechat.json.*} topic (one record a line), as an analyst would configure it,
 * while the fan-out runs with the mirror on ({@code exactly_once_v2}) against a real
 * broker. The file must hold every published push exactly once, with its fields, and
 * neither WeChat's repeated delivery nor an undecodable record.
 */
class JsonMirrorConnectIT {

	private static final Logger logger = LoggerFactory.getLogger(JsonMirrorConnectIT.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private static final int USERS = 3;

	/** What Connect's FileStream sink prints for a schemaless JSON object: its map. */
	private static final Pattern EVENT_ID = Pattern.compile("\\beventId=([^,}]+)");

	@TempDir
	private Path dir;

	private EmbeddedKraftBroker broker;

	private KafkaStreams fanout;

	private ConnectStandaloneProcess connect;

	@BeforeEach
	void startBroker() {
		// a broker of its own: the sink reads every wechat.json.* topic from the
		// beginning
		this.broker = EmbeddedKraftBroker.start();
		Map<String, Integer> topics = new HashMap<>();
		topics.put(Topics.Names.WECHAT_EVENTS, 3);
		FanoutTopics.targets(true).forEach((topic) -> topics.put(topic, 3));
		this.broker.createTopics(topics);
	}

	@AfterEach
	void stopAll() {
		if (this.connect != null) {
			this.connect.close();
		}
		if (this.fanout != null) {
			this.fanout.close(Duration.ofSeconds(30));
		}
		this.broker.close();
	}

	@Test
	void shouldLetKafkaConnectsJsonConverterWriteEveryMirroredPushToAFileExactlyOnce() throws Exception {
		long startedAt = System.nanoTime();
		Path sinkFile = this.dir.resolve("wechat-json.txt");
		this.connect = ConnectStandaloneProcess.start(this.dir, worker(), fileSink(sinkFile));
		this.fanout = startFanout();

		long now = System.currentTimeMillis();
		List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
		Map<String, WechatEvent> expected = new LinkedHashMap<>();
		for (int user = 1; user <= USERS; user++) {
			for (Sample sample : FanoutSamples.everyType("connect-user-" + user)) {
				batch.add(record(sample.key(), sample.value(), now++));
				expected.put(sample.event().getEventId(), sample.event());
			}
		}
		// WeChat delivers user 1's scan again 5 s later (a new eventId, the same push),
		// then user 1 scans another code: in the same partition of the same topic after
		// the
		// repeat, so once it is in the file a mirrored repeat would be too
		Sample scan = FanoutSamples.firstOf("connect-user-1", "wechat.events.scan");
		WechatEvent repeat = WechatEvent.newBuilder(scan.event()).setEventId(UUID.randomUUID().toString()).build();
		batch.add(record(scan.key(), AvroSerdes.wechatEvent().encode(repeat), now + 5_000));
		WechatEvent anotherScan = WechatEvent.newBuilder(scan.event())
			.setEventId(UUID.randomUUID().toString())
			.setEventKey("another-scene")
			.build();
		batch.add(record(scan.key(), AvroSerdes.wechatEvent().encode(anotherScan), now + 6_000));
		expected.put(anotherScan.getEventId(), anotherScan);
		batch.add(record(scan.key(), "not an avro record".getBytes(StandardCharsets.UTF_8), now + 7_000));
		EventsTopic.publish(this.broker, batch);

		List<String> lines = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(this.connect.isAlive()).as("Kafka Connect is running; its log:%n%s", this.connect.log())
				.isTrue();
			return linesOf(sinkFile);
		}, (written) -> written.size() >= expected.size()
				&& written.stream().anyMatch((line) -> line.contains("eventId=" + anotherScan.getEventId())));
		logger.info("Kafka Connect wrote {} lines in {} ms", lines.size(), (System.nanoTime() - startedAt) / 1_000_000);

		assertThat(lines.stream().map(JsonMirrorConnectIT::eventIdOf).toList()).as("the event ids in %s", sinkFile)
			.containsExactlyInAnyOrderElementsOf(expected.keySet())
			.doesNotContain(repeat.getEventId());
		for (String line : lines) {
			WechatEvent event = expected.get(eventIdOf(line));
			assertThat(line).doesNotContain("payload=")
				.contains("requestBodyBase64=" + java.util.Base64.getEncoder()
					.encodeToString(event.getPayload().getBytes(StandardCharsets.UTF_8)));
			assertThat(line).contains("v=1", "openId=" + event.getFromUserName(), "msgType=" + event.getMsgType(),
					"event=" + event.getEvent(), "dedupId=" + DedupIds.of(event), "appId=" + event.getAppId(),
					"receivedAt=2026-11-24T08:00:00.000Z", "createTimeSeconds=123456789",
					"createTime=1973-11-29T21:33:09.000Z");
			event.getFields().forEach((name, value) -> assertThat(line).contains(name + "=" + value));
		}
	}

	/**
	 * The worker, as in the README: string keys, schemaless JSON values, read_committed.
	 */
	private Map<String, String> worker() {
		Map<String, String> worker = new LinkedHashMap<>();
		worker.put("bootstrap.servers", this.broker.bootstrapServers());
		worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
		worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
		worker.put("value.converter.schemas.enable", "false");
		// the fan-out writes in transactions: without this a sink would also see aborted
		// ones
		worker.put("consumer.isolation.level", "read_committed");
		worker.put("offset.storage.file.filename", this.dir.resolve("connect.offsets").toString());
		worker.put("offset.flush.interval.ms", "1000");
		worker.put("listeners", "http://127.0.0.1:0");
		worker.put("plugin.discovery", "service_load");
		return worker;
	}

	private static Map<String, String> fileSink(Path file) {
		Map<String, String> sink = new LinkedHashMap<>();
		sink.put("name", "wechat-json-file");
		sink.put("connector.class", "FileStreamSink");
		sink.put("tasks.max", "1");
		sink.put("topics.regex", "wechat\\.json\\..*");
		sink.put("file", file.toString());
		// the sink prints each value's map as is: the raw XML payload would span lines,
		// so
		// it is left out with a stock transform, as an analyst selecting fields would
		sink.put("transforms", "dropPayload");
		sink.put("transforms.dropPayload.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
		sink.put("transforms.dropPayload.exclude", "payload");
		return sink;
	}

	private KafkaStreams startFanout() {
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(new SimpleMeterRegistry(), true), Duration.ofMinutes(6), true);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "json-mirror-connect-it");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers());
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.dir.resolve("state").toString());
		KafkaStreams streams = new KafkaStreams(builder.build(), config);
		streams.start();
		return streams;
	}

	private static ProducerRecord<byte[], byte[]> record(byte[] key, byte[] value, long timestamp) {
		return new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, null, timestamp, key, value,
				FanoutSamples.headers("trace-" + timestamp));
	}

	private static List<String> linesOf(Path file) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter((line) -> !line.isBlank()).toList();
	}

	private static String eventIdOf(String line) {
		Matcher matcher = EVENT_ID.matcher(line);
		assertThat(matcher.find()).as("an eventId in %s", line).isTrue();
		return matcher.group(1);
	}

}
