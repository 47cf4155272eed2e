package io.saoma.receiver;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.KafkaBroker;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ReceiverKafkaContract} against an in-JVM KRaft broker.
 */
class ReceiverEmbeddedKafkaIT extends ReceiverKafkaContract {

	static final EmbeddedKraftBroker BROKER = EmbeddedKraftBroker.shared();

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		BROKER.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
	}

	@Override
	KafkaBroker broker() {
		return BROKER;
	}

}
