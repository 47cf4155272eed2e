package io.saoma.loginprocessor.config;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code login.redeem.*} and {@code login.status-stream.*} are validated when they are
 * bound.
 */
class RedeemAndStatusStreamPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		assertThat(this.checks.bind(RedeemProperties.class)).isEqualTo(RedeemProperties.defaults());
		assertThat(this.checks.bind(StatusStreamProperties.class)).isEqualTo(StatusStreamProperties.defaults());
	}

	@Test
	void shouldRefuseARedeemTimeoutTooShortForTwoTransactionsAndAPollIntervalBeyondIt() {
		this.checks.assertRefused("timeout", "must be at least 100ms", "login.redeem.timeout=50ms",
				"login.redeem.poll-interval=10ms");
		this.checks.assertRefusedInCode("login.redeem.poll-interval must be positive and at most login.redeem.timeout",
				"login.redeem.timeout=1s", "login.redeem.poll-interval=2s");
		this.checks.assertRefused("pollInterval", "must be positive and at most login.redeem.timeout",
				"login.redeem.timeout=1s", "login.redeem.poll-interval=0s");
	}

	@Test
	void shouldRefuseStatusStreamIntervalsThatAreNotPositive() {
		this.checks.assertRefused("heartbeat", "must be positive", "login.status-stream.heartbeat=0s");
		this.checks.assertRefused("ownerCheckInterval", "must be positive",
				"login.status-stream.owner-check-interval=-1s");
		this.checks.assertRefused("reconnectDelay", "must be positive", "login.status-stream.reconnect-delay=0s");
	}

	@EnableConfigurationProperties({ RedeemProperties.class, StatusStreamProperties.class })
	static class Properties {

	}

}
