package io.saoma.receiver;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.KafkaBroker;
import io.saoma.testsupport.kafka.KafkaBrokerProcess;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Points a {@link ReceiverTest} at a broker that has {@code wechat.events}: declare one
 * with {@code @ContextConfiguration(initializers = ...)}.
 */
final class ReceiverBrokers {

	private ReceiverBrokers() {
	}

	private static void publishTo(KafkaBroker broker, ConfigurableApplicationContext context) {
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		TestPropertyValues.of("spring.kafka.bootstrap-servers=" + broker.bootstrapServers()).applyTo(context);
	}

	/**
	 * The in-JVM broker every test of the module shares.
	 */
	static final class Shared implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			publishTo(EmbeddedKraftBroker.shared(), context);
		}

	}

	/**
	 * A broker process of the test's own, which it can kill and restart: a bean of the
	 * context (inject {@link KafkaBrokerProcess}), stopped when the context closes.
	 */
	static final class OwnProcess implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			KafkaBrokerProcess broker = KafkaBrokerProcess.start();
			context.getBeanFactory().registerSingleton("kafkaBrokerProcess", broker);
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent) {
					broker.close();
				}
			});
			publishTo(broker, context);
		}

	}

}
