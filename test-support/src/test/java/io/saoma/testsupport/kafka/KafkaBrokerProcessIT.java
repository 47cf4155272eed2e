package io.saoma.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaBrokerProcessIT {

	private static final String TOPIC = "durable";

	private KafkaBrokerProcess broker;

	@BeforeEach
	void startBroker() {
		broker = KafkaBrokerProcess.start();
		broker.createTopic(TOPIC, 2);
	}

	@AfterEach
	void closeBroker() {
		broker.close();
	}

	@Test
	void shouldKeepCommittedRecordsAndGroupOffsetsWhenBrokerIsKilledAndRestarted() {
		TopicPartition partition0 = new TopicPartition(TOPIC, 0);
		try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
			produce(producer, 0, 100);
			commitGroupOffset("survivor", partition0, 17);
			String bootstrapServers = broker.bootstrapServers();

			broker.kill();
			assertThat(broker.isRunning()).isFalse();
			broker.restart();

			assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
			assertThat(values(readAll(100))).containsExactlyInAnyOrderElementsOf(numbers(0, 100));
			assertThat(committedGroupOffset("survivor", partition0)).isEqualTo(17);

			TestClients.send(producer, TOPIC, "after-restart", "100");
		}
		assertThat(values(readAll(101))).containsExactlyInAnyOrderElementsOf(numbers(0, 101));
	}

	@Test
	void shouldKeepRecordsWhenBrokerIsStoppedGracefullyAndRestarted() {
		try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
			produce(producer, 0, 10);
		}

		broker.stop();
		assertThat(broker.isRunning()).isFalse();
		broker.restart();

		assertThat(values(readAll(10))).containsExactlyInAnyOrderElementsOf(numbers(0, 10));
	}

	@Test
	void shouldKillBrokerAndDeleteWorkDirectoryWhenClosed() {
		long pid = broker.pid();

		broker.close();

		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(Files.exists(broker.workDir())).isFalse();
	}

	private static void produce(KafkaProducer<String, String> producer, int from, int to) {
		IntStream.range(from, to)
			.mapToObj(i -> producer.send(new ProducerRecord<>(TOPIC, "key-" + i, String.valueOf(i))))
			.toList()
			.forEach(TestClients::get);
	}

	private List<ConsumerRecord<String, String>> readAll(int count) {
		return TopicReader.of(broker)
			.readFromBeginning(TOPIC, count, TestClients.TIMEOUT, new StringDeserializer(), new StringDeserializer());
	}

	private void commitGroupOffset(String group, TopicPartition partition, long offset) {
		try (Admin admin = TestClients.admin(broker)) {
			TestClients
				.get(admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all());
		}
	}

	private long committedGroupOffset(String group, TopicPartition partition) {
		try (Admin admin = TestClients.admin(broker)) {
			return TestClients.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
				.get(partition)
				.offset();
		}
	}

	private static List<String> values(List<ConsumerRecord<String, String>> records) {
		return records.stream().map(ConsumerRecord::value).toList();
	}

	private static List<String> numbers(int from, int to) {
		return IntStream.range(from, to).mapToObj(String::valueOf).toList();
	}

}
