package io.saoma.forwarder.fanout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.forwarder.fanout.FanoutSamples.Published;
import io.saoma.forwarder.fanout.FanoutSamples.Sample;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out in a real Kafka Streams application with {@code exactly_once_v2}, read the
 * way analytics consumers read it ({@code read_committed}).
 */
class FanoutIT {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FanoutIT.class);

	private static final EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int USERS = 5;

	private static final byte[] POISON = "poison".getBytes(StandardCharsets.UTF_8);

	private final TopicReader reader = TopicReader.of(broker);

	@TempDir
	private Path stateDir;

	@BeforeAll
	static void createTopics() {
		Map<String, Integer> topics = new HashMap<>();
		topics.put(Topics.Names.WECHAT_EVENTS, 3);
		FanoutTopics.targets().forEach((topic) -> topics.put(topic, 3));
		broker.createTopics(topics);
	}

	@Test
	void shouldPublishEachEventExactlyOnceToTheTopicOfItsType() throws Exception {
		String applicationId = newApplicationAtTheEnd();
		Map<TopicPartition, Long> before = endOffsetsOfTheTargets();
		try (RunningFanout fanout = start(applicationId, new SimpleMeterRegistry(), 100)) {
			List<Published> sent = send(mixedBatch());
			assertPublishedExactlyOnce(sent, read(before, sent.size()));
		}
	}

	@Test
	void shouldPublishEachEventExactlyOnceWhenAStreamThreadDiesMidTransaction() throws Exception {
		String applicationId = newApplicationAtTheEnd();
		Map<TopicPartition, Long> before = endOffsetsOfTheTargets();
		List<Published> sent = send(mixedBatch());
		FailingOnce registry = new FailingOnce("wechat.events.click");
		AtomicInteger replacedThreads = new AtomicInteger();
		// Committing once a second keeps the records processed before the failing click
		// in the aborted transaction.
		StreamsUncaughtExceptionHandler replaceThread = (ex) -> {
			replacedThreads.incrementAndGet();
			return StreamThreadExceptionResponse.REPLACE_THREAD;
		};
		try (RunningFanout fanout = start(applicationId, registry, 1_000, replaceThread)) {
			assertPublishedExactlyOnce(sent, read(before, sent.size()));
			assertThat(replacedThreads).hasValue(1);
			double counted = registry.get(FanoutMetrics.ROUTED).counters().stream().mapToDouble(Counter::count).sum();
			assertThat(counted).as("records processed again after the abort").isGreaterThan(sent.size());
		}
	}

	@Test
	void shouldPublishEachPushOnceWhenWechatDeliversItThreeTimes() throws Exception {
		String applicationId = newApplicationAtTheEnd();
		Map<TopicPartition, Long> before = endOffsetsOfTheTargets();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (RunningFanout fanout = start(applicationId, registry, 100)) {
			List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
			long timestamp = System.currentTimeMillis();
			for (int user = 1; user <= 50; user++) {
				Sample scan = FanoutSamples.firstOf("retried-" + user, "wechat.events.scan");
				for (int delivery = 0; delivery < 3; delivery++) {
					// each of WeChat's deliveries is a new record with a new event id,
					// seconds apart
					byte[] value = io.saoma.schemas.AvroSerdes.wechatEvent()
						.encode(io.saoma.schemas.event.WechatEvent.newBuilder(scan.event())
							.setEventId(UUID.randomUUID().toString())
							.build());
					batch.add(record(scan.topic(), timestamp + delivery * 5_000L, scan.key(), value));
				}
			}
			for (int user = 1; user <= 50; user++) {
				Sample click = FanoutSamples.firstOf("retried-" + user, "wechat.events.click");
				batch.add(record(click.topic(), timestamp + 20_000, click.key(), click.value()));
			}
			EventsTopic.publish(broker, batch);

			// each user's click follows its scan's deliveries in its partition: 100
			// records hold every click only if
			// no repeated scan was published
			List<Published> published = read(before, 100);
			Map<String, Long> byTopic = published.stream()
				.collect(Collectors.groupingBy(Published::topic, Collectors.counting()));
			logger.info("150 deliveries of 50 scans, then 50 clicks: published {}, {} repeats dropped", byTopic,
					registry.get(FanoutMetrics.DUPLICATES).counters().stream().mapToDouble(Counter::count).sum());
			assertThat(byTopic).containsEntry("wechat.events.scan", 50L).containsEntry("wechat.events.click", 50L);
			assertThat(published.stream()
				.filter((record) -> record.topic().equals("wechat.events.scan"))
				.map(Published::key)
				.distinct()).hasSize(50);
			assertThat(registry.get(FanoutMetrics.DUPLICATES).tag("topic", "wechat.events.scan").counter().count())
				.isEqualTo(100);
		}
	}

	private static void assertPublishedExactlyOnce(List<Published> sent, List<Published> published) {
		List<Published> expected = sent.stream().filter((record) -> !isDeadLetter(record)).toList();
		List<Published> fannedOut = published.stream().filter((record) -> !isDeadLetter(record)).toList();
		assertThat(fannedOut).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(valuesByTopicAndKey(fannedOut)).as("each user's order").isEqualTo(valuesByTopicAndKey(expected));
		List<Published> dead = published.stream().filter(FanoutIT::isDeadLetter).toList();
		assertThat(dead).hasSize(sent.size() - expected.size());
		assertThat(dead).allSatisfy((letter) -> {
			assertThat(letter.value()).isEqualTo(HexFormat.of().formatHex(POISON));
			assertThat(letter.headers()).contains("binary=00ff7f")
				.anyMatch((header) -> header.startsWith(DeadLetterHeaders.ORIGINAL_TOPIC + "="));
		});
	}

	private static boolean isDeadLetter(Published record) {
		return record.topic().equals(Topics.Names.FORWARDER_DLT);
	}

	private static Map<String, List<String>> valuesByTopicAndKey(List<Published> records) {
		return records.stream()
			.collect(Collectors.groupingBy((record) -> record.topic() + " " + record.key(), LinkedHashMap::new,
					Collectors.mapping(Published::value, Collectors.toList())));
	}

	/** Every type from each of several users, then a poison record from each. */
	private static List<ProducerRecord<byte[], byte[]>> mixedBatch() {
		List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
		long timestamp = FanoutSamples.RECEIVED_AT.toEpochMilli();
		for (int user = 1; user <= USERS; user++) {
			for (Sample sample : FanoutSamples.everyType("user-" + user)) {
				batch.add(record(sample.topic(), timestamp++, sample.key(), sample.value()));
			}
		}
		for (int user = 1; user <= USERS; user++) {
			batch.add(record(Topics.Names.FORWARDER_DLT, timestamp++,
					("wx:user-" + user).getBytes(StandardCharsets.UTF_8), POISON));
		}
		return batch;
	}

	/**
	 * A record for {@code wechat.events}, its header "expected" naming where it should
	 * end up.
	 */
	private static ProducerRecord<byte[], byte[]> record(String expectedTopic, long timestamp, byte[] key,
			byte[] value) {
		Headers headers = FanoutSamples.headers("trace-" + timestamp)
			.add("expected", expectedTopic.getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, null, timestamp, key, value, headers);
	}

	/**
	 * Publishes the batch and returns each record as it should be published to the topic
	 * of its type.
	 */
	private static List<Published> send(List<ProducerRecord<byte[], byte[]>> batch) throws Exception {
		EventsTopic.publish(broker, batch);
		return batch.stream().map((record) -> {
			String expected = new String(record.headers().lastHeader("expected").value(), StandardCharsets.UTF_8);
			return Published.of(expected, record.key(), record.value(), record.headers(), record.timestamp());
		}).toList();
	}

	/**
	 * A new application id whose consumer group starts at the end of
	 * {@code wechat.events}, past what other tests left there.
	 */
	private static String newApplicationAtTheEnd() throws ExecutionException, InterruptedException {
		String applicationId = "fanout-it-" + UUID.randomUUID();
		EventsTopic.skipBacklog(broker, applicationId);
		return applicationId;
	}

	private RunningFanout start(String applicationId, MeterRegistry registry, int commitIntervalMs) {
		return start(applicationId, registry, commitIntervalMs, (ex) -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
	}

	private RunningFanout start(String applicationId, MeterRegistry registry, int commitIntervalMs,
			StreamsUncaughtExceptionHandler handler) {
		StreamsBuilder builder = new StreamsBuilder();
		FanoutTopology.addTo(builder, new FanoutMetrics(registry), Duration.ofMinutes(6));
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		// A dead stream thread does not leave the group: its tasks move to the new thread
		// after the session timeout.
		config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
		config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
		KafkaStreams streams = new KafkaStreams(builder.build(), config);
		streams.setUncaughtExceptionHandler(handler);
		streams.start();
		return new RunningFanout(streams);
	}

	private Map<TopicPartition, Long> endOffsetsOfTheTargets() {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		FanoutTopics.targets().forEach((topic) -> offsets.putAll(this.reader.endOffsets(topic)));
		return offsets;
	}

	private List<Published> read(Map<TopicPartition, Long> from, int count) {
		List<ConsumerRecord<byte[], byte[]>> records = this.reader.readFrom(from, count, TIMEOUT);
		return records.stream()
			.map((record) -> Published.of(record.topic(), record.key(), record.value(), record.headers(),
					record.timestamp()))
			.toList();
	}

	/**
	 * Fails the first count of one topic: the stream thread dies between two records of a
	 * transaction.
	 */
	private static final class FailingOnce extends SimpleMeterRegistry {

		private final String topic;

		private final AtomicBoolean failed = new AtomicBoolean();

		FailingOnce(String topic) {
			this.topic = topic;
		}

		@Override
		protected Counter newCounter(Meter.Id id) {
			Counter counter = super.newCounter(id);
			if (!this.topic.equals(id.getTag("topic"))) {
				return counter;
			}
			return new Counter() {

				@Override
				public void increment(double amount) {
					if (FailingOnce.this.failed.compareAndSet(false, true)) {
						throw new IllegalStateException("Simulated failure while counting a " + FailingOnce.this.topic);
					}
					counter.increment(amount);
				}

				@Override
				public double count() {
					return counter.count();
				}

				@Override
				public Meter.Id getId() {
					return counter.getId();
				}

			};
		}

	}

	/**
	 * A started fan-out, closed within {@link #TIMEOUT}.
	 */
	private record RunningFanout(KafkaStreams streams) implements AutoCloseable {

		@Override
		public void close() {
			this.streams.close(TIMEOUT);
		}

	}

}
