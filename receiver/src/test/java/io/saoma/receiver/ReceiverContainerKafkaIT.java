package io.saoma.receiver;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.ContainerBroker;
import io.saoma.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ReceiverKafkaContract} against Testcontainers' {@code apache/kafka} image;
 * skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@DirtiesContext
class ReceiverContainerKafkaIT extends ReceiverKafkaContract {

	private static ContainerBroker broker;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		broker = ContainerBroker.start();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Override
	KafkaBroker broker() {
		return broker;
	}

}
