package io.saoma.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Runs only where a Docker engine is available; elsewhere JUnit reports it as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIT {

	private static ContainerBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = ContainerBroker.start();
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void shouldDeliverProducedRecordToConsumer() {
		broker.createTopic("container-round-trip", 1);

		try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
			TestClients.send(producer, "container-round-trip", "k1", "hello");
		}

		List<ConsumerRecord<String, String>> records = TopicReader.of(broker)
			.readFromBeginning("container-round-trip", 1, TestClients.TIMEOUT, new StringDeserializer(),
					new StringDeserializer());
		assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
	}

}
