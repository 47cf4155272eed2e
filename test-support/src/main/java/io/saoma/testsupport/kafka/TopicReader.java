package io.saoma.testsupport.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what a test's subject wrote to a topic, the way a downstream consumer would see
 * it: {@code read_committed}, so aborted or still-open transactions stay invisible.
 * Capture {@link #endOffsets(String)} before acting, then
 * {@link #readFrom(Map, int, Duration)} returns only the records produced afterwards.
 * Uses no consumer group and commits nothing.
 */
public final class TopicReader {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final String bootstrapServers;

	public TopicReader(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	public static TopicReader of(KafkaBroker broker) {
		return new TopicReader(broker.bootstrapServers());
	}

	/**
	 * The current end offset of every partition of {@code topic}; with
	 * {@code read_committed} this is the last stable offset, so records of transactions
	 * still open now count as "after".
	 */
	public Map<TopicPartition, Long> endOffsets(String topic) {
		try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			return Map.copyOf(consumer.endOffsets(partitions));
		}
	}

	/**
	 * Like {@link #readFrom(Map, int, Duration, Deserializer, Deserializer)} with raw
	 * keys and values.
	 */
	public List<ConsumerRecord<byte[], byte[]>> readFrom(Map<TopicPartition, Long> startOffsets, int count,
			Duration timeout) {
		return readFrom(startOffsets, count, timeout, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * Reads from the given offsets until at least {@code count} records arrived or
	 * {@code timeout} passed, and returns what arrived: fewer than {@code count} after a
	 * timeout, possibly more if one poll delivered extra records (so an unexpected
	 * duplicate tends to show up). The deserializers are not closed.
	 */
	public <K, V> List<ConsumerRecord<K, V>> readFrom(Map<TopicPartition, Long> startOffsets, int count,
			Duration timeout, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
		try (KafkaConsumer<K, V> consumer = newConsumer(keyDeserializer, valueDeserializer)) {
			consumer.assign(startOffsets.keySet());
			startOffsets.forEach(consumer::seek);
			return poll(consumer, count, timeout);
		}
	}

	/**
	 * Like {@link #readFromBeginning(String, int, Duration, Deserializer, Deserializer)}
	 * with raw keys and values.
	 */
	public List<ConsumerRecord<byte[], byte[]>> readFromBeginning(String topic, int count, Duration timeout) {
		return readFromBeginning(topic, count, timeout, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * Reads every partition of {@code topic} from its first offset, with the same
	 * stopping rule as {@code readFrom}.
	 */
	public <K, V> List<ConsumerRecord<K, V>> readFromBeginning(String topic, int count, Duration timeout,
			Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
		try (KafkaConsumer<K, V> consumer = newConsumer(keyDeserializer, valueDeserializer)) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			return poll(consumer, count, timeout);
		}
	}

	private static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int count, Duration timeout) {
		List<ConsumerRecord<K, V>> records = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (records.size() < count) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				break;
			}
			consumer.poll(Duration.ofNanos(Math.min(remaining, POLL_INTERVAL.toNanos()))).forEach(records::add);
		}
		return records;
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
		List<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map(info -> new TopicPartition(info.topic(), info.partition()))
			.collect(Collectors.toList());
		if (partitions.isEmpty()) {
			throw new IllegalArgumentException("Topic " + topic + " does not exist");
		}
		return partitions;
	}

	private <K, V> KafkaConsumer<K, V> newConsumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-support-topic-reader");
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return new KafkaConsumer<>(properties, new NotClosing<>(keyDeserializer), new NotClosing<>(valueDeserializer));
	}

	/** Keeps the consumer from closing deserializers that belong to the caller. */
	private record NotClosing<T>(Deserializer<T> delegate) implements Deserializer<T> {

		@Override
		public T deserialize(String topic, byte[] data) {
			return delegate.deserialize(topic, data);
		}

		@Override
		public T deserialize(String topic, Headers headers, byte[] data) {
			return delegate.deserialize(topic, headers, data);
		}

		@Override
		public T deserialize(String topic, Headers headers, ByteBuffer data) {
			return delegate.deserialize(topic, headers, data);
		}

		@Override
		public void close() {
			// owned by the caller
		}
	}

}
