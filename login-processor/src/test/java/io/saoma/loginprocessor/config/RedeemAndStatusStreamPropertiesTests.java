package io.saoma.loginprocessor.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RedeemAndStatusStreamPropertiesTests {

	@Test
	void shouldRefuseARedeemTimeoutTooShortForTwoTransactionsAndAPollIntervalBeyondIt() {
		assertThatNoException().isThrownBy(RedeemProperties::defaults);
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RedeemProperties(Duration.ofMillis(50), Duration.ofMillis(10)))
			.withMessageContaining("login.redeem.timeout must be at least 100ms");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RedeemProperties(Duration.ofSeconds(1), Duration.ofSeconds(2)))
			.withMessageContaining("login.redeem.poll-interval");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RedeemProperties(Duration.ofSeconds(1), Duration.ZERO))
			.withMessageContaining("login.redeem.poll-interval");
	}

	@Test
	void shouldRefuseStatusStreamIntervalsThatAreNotPositive() {
		assertThatNoException().isThrownBy(StatusStreamProperties::defaults);
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new StatusStreamProperties(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("login.status-stream.heartbeat");
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(
				() -> new StatusStreamProperties(Duration.ofSeconds(15), Duration.ofSeconds(-1), Duration.ofSeconds(1)))
			.withMessageContaining("login.status-stream.owner-check-interval");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new StatusStreamProperties(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ZERO))
			.withMessageContaining("login.status-stream.reconnect-delay");
	}

}
