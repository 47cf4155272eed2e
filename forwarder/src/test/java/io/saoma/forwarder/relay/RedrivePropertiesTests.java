package io.saoma.forwarder.relay;

import java.time.Duration;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forwarder.redrive.*} is validated when it is bound.
 */
class RedrivePropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		assertThat(this.checks.bind(RedriveProperties.class))
			.isEqualTo(new RedriveProperties(Duration.ofSeconds(60), "saoma-forwarder-redrive", 10));
	}

	@Test
	void shouldRefuseABudgetOrBatchOutOfRangeNamingTheProperty() {
		this.checks.assertRefused("timeBudget", "must be between 1s and 1h", "forwarder.redrive.time-budget=500ms");
		this.checks.assertRefused("timeBudget", "must be between 1s and 1h", "forwarder.redrive.time-budget=61m");
		this.checks.assertRefused("group", "must not be empty", "forwarder.redrive.group= ");
		this.checks.assertRefused("maxPollRecords", "must be between 1 and 500",
				"forwarder.redrive.max-poll-records=0");
		this.checks.assertRefused("maxPollRecords", "must be between 1 and 500",
				"forwarder.redrive.max-poll-records=501");
	}

	@EnableConfigurationProperties(RedriveProperties.class)
	static class Properties {

	}

}
