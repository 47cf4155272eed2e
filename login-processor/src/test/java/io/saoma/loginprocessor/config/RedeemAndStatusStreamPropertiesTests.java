package io.saoma.loginprocessor.config;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code login.redeem.*} and {@code login.status-stream.*} are validated when they are
 * bound.
 */
class RedeemAndStatusStreamPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		this.runner.run((context) -> {
			assertThat(context.getBean(RedeemProperties.class)).isEqualTo(RedeemProperties.defaults());
			assertThat(context.getBean(StatusStreamProperties.class)).isEqualTo(StatusStreamProperties.defaults());
		});
	}

	@Test
	void shouldRefuseARedeemTimeoutTooShortForTwoTransactionsAndAPollIntervalBeyondIt() {
		assertRefused("timeout", "must be at least 100ms", "login.redeem.timeout=50ms",
				"login.redeem.poll-interval=10ms");
		this.runner.withPropertyValues("login.redeem.timeout=1s", "login.redeem.poll-interval=2s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage("login.redeem.poll-interval must be positive and at most login.redeem.timeout"));
		assertRefused("pollInterval", "must be positive and at most login.redeem.timeout", "login.redeem.timeout=1s",
				"login.redeem.poll-interval=0s");
	}

	@Test
	void shouldRefuseStatusStreamIntervalsThatAreNotPositive() {
		assertRefused("heartbeat", "must be positive", "login.status-stream.heartbeat=0s");
		assertRefused("ownerCheckInterval", "must be positive", "login.status-stream.owner-check-interval=-1s");
		assertRefused("reconnectDelay", "must be positive", "login.status-stream.reconnect-delay=0s");
	}

	private void assertRefused(String field, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining("default message [" + reason + "]"));
	}

	@EnableConfigurationProperties({ RedeemProperties.class, StatusStreamProperties.class })
	static class Properties {

	}

}
