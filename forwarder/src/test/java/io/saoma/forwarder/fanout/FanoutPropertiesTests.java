package io.saoma.forwarder.fanout;

import java.time.Duration;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forwarder.fanout.*} is validated when it is bound.
 */
class FanoutPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldRefuseADedupWindowShorterThanWechatsRetriesOrLongerThanADay() {
		for (String window : new String[] { "0s", "19s", "2d" }) {
			this.checks.assertRefused("dedupWindow", "must be between 20s and 1d",
					"forwarder.fanout.dedup-window=" + window);
		}
		assertThat(this.checks.bind(FanoutProperties.class).dedupWindow()).isEqualTo(Duration.ofMinutes(6));
		assertThat(this.checks.bind(FanoutProperties.class, "forwarder.fanout.dedup-window=1d").dedupWindow())
			.isEqualTo(Duration.ofDays(1));
	}

	@Test
	void shouldLeaveTheJsonMirrorOffUnlessEnabled() {
		assertThat(this.checks.bind(FanoutProperties.class).jsonMirror().enabled()).isFalse();
		assertThat(this.checks.bind(FanoutProperties.class, "forwarder.fanout.json-mirror.enabled=true")
			.jsonMirror()
			.enabled()).isTrue();
	}

	@EnableConfigurationProperties(FanoutProperties.class)
	static class Properties {

	}

}
