package io.saoma.cli;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic for a person. It is read-only and leaves no trace on the cluster: no
 * consumer group, no committed offsets; it assigns itself every partition and seeks to
 * the start ({@code --since} through {@code offsetsForTimes}, else the beginning).
 * Without {@code --follow} it stops at the end offsets taken at its start, so the output
 * is a snapshot even while producers write; with it, it reads until stopped. Records are
 * read {@code read_committed}, as the pipeline's own consumers see them. Every record
 * gives a line (or a count), a record that does not decode included.
 */
final class TopicTail {

	private static final Duration POLL = Duration.ofMillis(200);

	private final TailOptions options;

	private final TopicFormat format;

	private final JsonLines out;

	private final TailSummary summary;

	private long emitted;

	private boolean readerGone;

	TopicTail(TailOptions options, TopicFormat format, JsonLines out) {
		this.options = options;
		this.format = format;
		this.out = out;
		this.summary = new TailSummary(options.topic(), format.typeLabel(), options.since());
	}

	/**
	 * Reads until the end offsets (or until stopped with {@code --follow}), then prints
	 * the summary with {@code --count}.
	 * @param stop stops the tail early
	 * @throws BrokerException if Kafka cannot be reached, the topic does not exist or
	 * Kafka stops answering
	 */
	void run(TailStop stop) {
		try (Consumer<byte[], byte[]> consumer = consumer()) {
			stop.attach(consumer);
			try {
				read(consumer, stop);
			}
			catch (WakeupException ex) {
				if (!stop.stopped()) {
					throw ex;
				}
			}
			finally {
				stop.detach();
			}
		}
		catch (KafkaException ex) {
			throw new BrokerException("Kafka at " + this.options.bootstrapServers() + " failed: " + ex.getMessage()
					+ ((ex.getCause() != null) ? " (" + ex.getCause().getMessage() + ")" : ""));
		}
		if (this.options.count() && !this.readerGone) {
			this.out.write(this.summary.toJson());
		}
	}

	private Consumer<byte[], byte[]> consumer() {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.options.bootstrapServers());
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "saoma-tail");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) this.options.timeout().toMillis());
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private void read(Consumer<byte[], byte[]> consumer, TailStop stop) {
		List<TopicPartition> partitions = partitions(consumer);
		consumer.assign(partitions);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.options.timeout());
		seekToStart(consumer, partitions, ends);
		long lastProgress = System.nanoTime();
		long lastPositions = -1;
		while (!stop.stopped() && !this.readerGone) {
			if (!this.options.follow()) {
				long positions = 0;
				boolean atEnd = true;
				for (TopicPartition partition : partitions) {
					long position = consumer.position(partition, this.options.timeout());
					positions += position;
					atEnd &= position >= ends.get(partition);
				}
				if (atEnd) {
					return;
				}
				if (positions != lastPositions) {
					lastPositions = positions;
					lastProgress = System.nanoTime();
				}
				else if (System.nanoTime() - lastProgress > this.options.timeout().toNanos()) {
					throw new BrokerException("Kafka at " + this.options.bootstrapServers() + " stopped answering: no "
							+ "record of " + this.options.topic() + " for " + this.options.timeout().toSeconds()
							+ " s before its end offsets " + ends);
				}
			}
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (!this.options.follow() && record.offset() >= ends.get(partition)) {
					continue;
				}
				if (!handle(record) || maxReached()) {
					return;
				}
			}
		}
	}

	private List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer) {
		List<PartitionInfo> infos;
		try {
			infos = consumer.partitionsFor(this.options.topic(), this.options.timeout());
		}
		catch (TimeoutException ex) {
			throw new BrokerException("Cannot reach Kafka at " + this.options.bootstrapServers() + " within "
					+ this.options.timeout().toSeconds() + " s (is it running? set --bootstrap-server or "
					+ SaomaCli.BOOTSTRAP_ENV + ")");
		}
		if (infos == null || infos.isEmpty()) {
			throw new BrokerException(
					"Topic " + this.options.topic() + " does not exist at " + this.options.bootstrapServers());
		}
		return infos.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.sorted(Comparator.comparingInt(TopicPartition::partition))
			.toList();
	}

	private void seekToStart(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> ends) {
		if (this.options.since() == null) {
			consumer.seekToBeginning(partitions);
			return;
		}
		Map<TopicPartition, Long> times = new HashMap<>();
		partitions.forEach((partition) -> times.put(partition, this.options.since().toEpochMilli()));
		Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, this.options.timeout());
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp offset = offsets.get(partition);
			consumer.seek(partition, (offset != null) ? offset.offset() : ends.get(partition));
		}
	}

	/**
	 * Prints or counts one record.
	 * @return {@code false} when the reader has gone
	 */
	private boolean handle(ConsumerRecord<byte[], byte[]> record) {
		if (record.value() == null) {
			if (this.options.filtered()) {
				return true;
			}
			this.emitted++;
			if (this.options.count()) {
				this.summary.addTombstone();
				return true;
			}
			return write(RecordLines.decoded(record, null, null));
		}
		SpecificRecord value;
		try {
			value = this.format.serde().decode(record.value());
		}
		catch (RuntimeException ex) {
			this.emitted++;
			if (this.options.count()) {
				this.summary.addUndecodable();
				return true;
			}
			return write(RecordLines.undecodable(record, ex.getMessage()));
		}
		String account = TopicFormat.account(value);
		String type = this.format.type().apply(value);
		if (!this.options.matchesAccount(account) || !this.options.matchesType(type)) {
			return true;
		}
		this.emitted++;
		if (this.options.count()) {
			this.summary.add(account, type);
			return true;
		}
		String schema = this.format.versions()
			.of(record.value())
			.orElse(this.format.versions().recordName() + "/unknown");
		return write(RecordLines.decoded(record, schema, value));
	}

	private boolean write(JsonNode line) {
		if (!this.out.write(line)) {
			this.readerGone = true;
		}
		return !this.readerGone;
	}

	private boolean maxReached() {
		return this.options.max() != null && this.emitted >= this.options.max();
	}

}
