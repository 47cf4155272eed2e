package io.saoma.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ContainerBrokerTests {

	@Test
	void shouldLoadWithoutTouchingDocker() {
		assertThatCode(() -> Class.forName(ContainerBroker.class.getName(), true, getClass().getClassLoader()))
			.doesNotThrowAnyException();
		assertThat(ContainerBroker.IMAGE).isEqualTo("apache/kafka:4.1.2");
	}

}
