package io.saoma.localstack.simulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code simulator.*} is validated when it is bound.
 */
class SimulatorPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldRetryLikeWechatByDefault() {
		this.runner.run((context) -> {
			SimulatorProperties properties = context.getBean(SimulatorProperties.class);
			assertThat(properties.pushTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.pushRetries()).isEqualTo(3);
		});
	}

	@Test
	void shouldRefuseAPushTimeoutOfNothingOrNegativeRetries() {
		this.runner.withPropertyValues("simulator.push-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field 'pushTimeout'")
				.hasMessageContaining("default message [must be positive]"));
		this.runner.withPropertyValues("simulator.push-retries=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field 'pushRetries'")
				.hasMessageContaining("default message [must not be negative]"));
	}

	@EnableConfigurationProperties(SimulatorProperties.class)
	static class Properties {

	}

}
