package io.saoma.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKraftBrokerIT {

	private static EmbeddedKraftBroker broker;

	private static TopicReader reader;

	@BeforeAll
	static void startBroker() {
		broker = EmbeddedKraftBroker.start();
		reader = TopicReader.of(broker);
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void shouldDeliverProducedRecordToConsumer() {
		broker.createTopic("round-trip", 1);

		try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
			TestClients.send(producer, "round-trip", "k1", "hello");
		}

		List<ConsumerRecord<String, String>> records = reader.readFromBeginning("round-trip", 1, TestClients.TIMEOUT,
				new StringDeserializer(), new StringDeserializer());
		assertThat(records).singleElement().satisfies(record -> {
			assertThat(record.key()).isEqualTo("k1");
			assertThat(record.value()).isEqualTo("hello");
		});
	}

	@Test
	void shouldReadOnlyRecordsProducedAfterCapturedEndOffsets() {
		broker.createTopic("after-offsets", 3);
		try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
			for (int i = 0; i < 5; i++) {
				TestClients.send(producer, "after-offsets", "old-" + i, "old");
			}
			Map<TopicPartition, Long> before = reader.endOffsets("after-offsets");
			TestClients.send(producer, "after-offsets", "new-1", "new");
			TestClients.send(producer, "after-offsets", "new-2", "new");

			List<ConsumerRecord<String, String>> records = reader.readFrom(before, 2, TestClients.TIMEOUT,
					new StringDeserializer(), new StringDeserializer());

			assertThat(before).hasSize(3);
			assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("new-1", "new-2");
		}
	}

	@Test
	void shouldHideAbortedTransactionFromReadCommittedReader() {
		broker.createTopic("transactional", 1);
		Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-support-tx");
		try (KafkaProducer<String, String> producer = TestClients.producer(broker, transactional)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
			producer.abortTransaction();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("transactional", "k", "committed"));
			producer.commitTransaction();
		}

		List<ConsumerRecord<String, String>> records = reader.readFromBeginning("transactional", 1, TestClients.TIMEOUT,
				new StringDeserializer(), new StringDeserializer());

		assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
	}

	@Test
	void shouldIgnoreRequestToCreateExistingTopic() {
		broker.createTopic("twice", 2);

		assertThatCode(() -> broker.createTopics(Map.of("twice", 2, "once", 1))).doesNotThrowAnyException();
		assertThat(reader.endOffsets("twice")).hasSize(2);
		assertThat(reader.endOffsets("once")).hasSize(1);
	}

	@Test
	void shouldCreateCompactedTopic() {
		broker.createCompactedTopic("compacted", 1);

		assertThat(TestClients.topicConfig(broker, "compacted", "cleanup.policy")).isEqualTo("compact");
	}

	@Test
	void shouldRunWithSingleReplicaTransactionLogAndWithoutTopicAutoCreation() {
		assertThat(TestClients.brokerConfig(broker, "transaction.state.log.replication.factor")).isEqualTo("1");
		assertThat(TestClients.brokerConfig(broker, "transaction.state.log.min.isr")).isEqualTo("1");
		assertThat(TestClients.brokerConfig(broker, "auto.create.topics.enable")).isEqualTo("false");
	}

}
