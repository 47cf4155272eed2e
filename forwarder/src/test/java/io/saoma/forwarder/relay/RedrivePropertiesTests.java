package io.saoma.forwarder.relay;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forwarder.redrive.*} is validated when it is bound.
 */
class RedrivePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(RedriveProperties.class))
			.isEqualTo(new RedriveProperties(Duration.ofSeconds(60), "saoma-forwarder-redrive", 10)));
	}

	@Test
	void shouldRefuseABudgetOrBatchOutOfRangeNamingTheProperty() {
		assertRefused("timeBudget", "must be between 1s and 1h", "forwarder.redrive.time-budget=500ms");
		assertRefused("timeBudget", "must be between 1s and 1h", "forwarder.redrive.time-budget=61m");
		assertRefused("group", "must not be empty", "forwarder.redrive.group= ");
		assertRefused("maxPollRecords", "must be between 1 and 500", "forwarder.redrive.max-poll-records=0");
		assertRefused("maxPollRecords", "must be between 1 and 500", "forwarder.redrive.max-poll-records=501");
	}

	private void assertRefused(String field, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining("default message [" + reason + "]"));
	}

	@EnableConfigurationProperties(RedriveProperties.class)
	static class Properties {

	}

}
