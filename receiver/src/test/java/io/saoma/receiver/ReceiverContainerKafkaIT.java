package io.saoma.receiver;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.ContainerBroker;
import io.saoma.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link ReceiverKafkaContract} against Testcontainers' {@code apache/kafka} image, which
 * Boot connects the receiver to ({@code @ServiceConnection}); skipped where no Docker
 * engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@DirtiesContext
class ReceiverContainerKafkaIT extends ReceiverKafkaContract {

	@Container
	@ServiceConnection
	static final KafkaContainer KAFKA = ContainerBroker.container();

	private static KafkaBroker broker;

	// runs after Testcontainers started the container, before the receiver starts
	@BeforeAll
	static void createTopic() {
		broker = ContainerBroker.of(KAFKA);
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
	}

	@Override
	KafkaBroker broker() {
		return broker;
	}

}
