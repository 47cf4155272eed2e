package io.saoma.faults;

import io.saoma.testsupport.kafka.KafkaBrokerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A broker process of a test class, with every topic of the services, started before its
 * first test and stopped after its last: register it as a static
 * {@code @RegisterExtension} field.
 */
final class ServicesBroker implements BeforeAllCallback, AfterAllCallback {

	private KafkaBrokerProcess broker;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.broker = KafkaBrokerProcess.start();
		services().createTopics();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.broker != null) {
			this.broker.close();
		}
	}

	/**
	 * The services on this broker.
	 * @return a new launcher of them
	 */
	Services services() {
		return new Services(this.broker);
	}

	/**
	 * A publisher of login pushes to this broker.
	 * @return a new publisher, for the caller to close
	 */
	EventPushes pushes() {
		return new EventPushes(this.broker.bootstrapServers());
	}

}
