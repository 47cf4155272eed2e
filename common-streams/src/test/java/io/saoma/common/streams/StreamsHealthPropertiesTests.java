package io.saoma.common.streams;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saoma.streams.health.*} is validated when it is bound: a bad value stops
 * start-up with a report naming the property.
 */
class StreamsHealthPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(StreamsHealthProperties.class))
			.isEqualTo(StreamsHealthProperties.defaults()));
	}

	@Test
	void shouldRefuseANegativeThreshold() {
		this.runner.withPropertyValues("saoma.streams.health.max-thread-failures=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("maxThreadFailures")
				.hasMessageContaining("must not be negative"));
		this.runner.withPropertyValues("saoma.streams.health.max-thread-failures=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldRefuseAnEmptyWindow() {
		this.runner.withPropertyValues("saoma.streams.health.thread-failure-window=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("threadFailureWindow")
				.hasMessageContaining("must be positive"));
		this.runner.withPropertyValues("saoma.streams.health.thread-failure-window=1ms")
			.run((context) -> assertThat(context.getBean(StreamsHealthProperties.class).threadFailureWindow())
				.isEqualTo(Duration.ofMillis(1)));
	}

	@EnableConfigurationProperties(StreamsHealthProperties.class)
	static class Properties {

	}

}
