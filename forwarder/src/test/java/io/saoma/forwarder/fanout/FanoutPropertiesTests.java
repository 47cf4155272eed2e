package io.saoma.forwarder.fanout;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FanoutPropertiesTests {

	@Test
	void shouldRefuseADedupWindowShorterThanWechatsRetriesOrLongerThanADay() {
		for (Duration window : new Duration[] { Duration.ZERO, Duration.ofSeconds(19), Duration.ofDays(2) }) {
			assertThatExceptionOfType(InvalidConfigurationException.class)
				.isThrownBy(() -> new FanoutProperties(window))
				.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.fanout.dedup-window"));
		}
		assertThat(new FanoutProperties(Duration.ofMinutes(6)).dedupWindow()).isEqualTo(Duration.ofMinutes(6));
	}

}
