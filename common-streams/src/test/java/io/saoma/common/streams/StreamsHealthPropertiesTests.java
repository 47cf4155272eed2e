package io.saoma.common.streams;

import java.time.Duration;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saoma.streams.health.*} is validated when it is bound: a bad value stops
 * start-up with a report naming the property.
 */
class StreamsHealthPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		assertThat(this.checks.bind(StreamsHealthProperties.class)).isEqualTo(StreamsHealthProperties.defaults());
	}

	@Test
	void shouldRefuseANegativeThreshold() {
		this.checks.assertRefused("maxThreadFailures", "must not be negative",
				"saoma.streams.health.max-thread-failures=-1");
		this.checks.assertAccepted("saoma.streams.health.max-thread-failures=0");
	}

	@Test
	void shouldRefuseAnEmptyWindow() {
		this.checks.assertRefused("threadFailureWindow", "must be positive",
				"saoma.streams.health.thread-failure-window=0s");
		assertThat(this.checks.bind(StreamsHealthProperties.class, "saoma.streams.health.thread-failure-window=1ms")
			.threadFailureWindow()).isEqualTo(Duration.ofMillis(1));
	}

	@EnableConfigurationProperties(StreamsHealthProperties.class)
	static class Properties {

	}

}
