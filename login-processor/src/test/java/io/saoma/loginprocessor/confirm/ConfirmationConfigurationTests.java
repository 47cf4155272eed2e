package io.saoma.loginprocessor.confirm;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationConfigurationTests {

	@Test
	void shouldPollNoMoreLoginsThanTheSlowestConfirmationsFitInHalfTheMaxPollInterval() {
		// 5 s per WeChat call, 6 calls' worth per login: 30 s; half of 300 s holds 5
		assertThat(ConfirmationConfiguration.maxPollRecords(Map.of(), Duration.ofSeconds(5))).isEqualTo(5);
		assertThat(ConfirmationConfiguration.maxPollRecords(Map.of("max.poll.interval.ms", "10000"),
				Duration.ofSeconds(5)))
			.isEqualTo(1);
		assertThat(ConfirmationConfiguration.maxPollRecords(Map.of(), Duration.ofMillis(10))).isEqualTo(100);
	}

}
