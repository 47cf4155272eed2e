package io.saoma.forwarder.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.KafkaBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code wechat.events} on a shared broker, as the integration tests use it: they publish
 * raw records to it, and start each new Kafka Streams application at its current end so
 * that the application processes only what its test publishes, not what other tests left
 * there (without racing {@code auto.offset.reset=latest} against the first record).
 */
final class EventsTopic {

	private EventsTopic() {
	}

	/**
	 * Commits the end offsets of {@code wechat.events} for an application that has not
	 * started yet.
	 * @param broker the broker
	 * @param applicationId the application id, which is its consumer group
	 */
	static void skipBacklog(KafkaBroker broker, String applicationId) throws ExecutionException, InterruptedException {
		Map<TopicPartition, OffsetAndMetadata> ends = TopicReader.of(broker)
			.endOffsets(Topics.Names.WECHAT_EVENTS)
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (end) -> new OffsetAndMetadata(end.getValue())));
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		try (Admin admin = Admin.create(config)) {
			admin.alterConsumerGroupOffsets(applicationId, ends).all().get();
		}
	}

	/**
	 * Publishes records in order and waits until the broker acknowledged all of them.
	 * @param broker the broker
	 * @param records the records, for {@code wechat.events}
	 */
	static void publish(KafkaBroker broker, List<ProducerRecord<byte[], byte[]>> records)
			throws ExecutionException, InterruptedException {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			List<Future<RecordMetadata>> acks = new ArrayList<>();
			records.forEach((record) -> acks.add(producer.send(record)));
			for (Future<RecordMetadata> ack : acks) {
				ack.get();
			}
		}
	}

}
