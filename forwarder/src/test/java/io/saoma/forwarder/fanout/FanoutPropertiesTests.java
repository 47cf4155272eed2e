package io.saoma.forwarder.fanout;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code forwarder.fanout.*} is validated when it is bound.
 */
class FanoutPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldRefuseADedupWindowShorterThanWechatsRetriesOrLongerThanADay() {
		for (String window : new String[] { "0s", "19s", "2d" }) {
			this.runner.withPropertyValues("forwarder.fanout.dedup-window=" + window)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("on field 'dedupWindow'")
					.hasMessageContaining("default message [must be between 20s and 1d]"));
		}
		this.runner.run((context) -> assertThat(context.getBean(FanoutProperties.class).dedupWindow())
			.isEqualTo(Duration.ofMinutes(6)));
		this.runner.withPropertyValues("forwarder.fanout.dedup-window=1d")
			.run((context) -> assertThat(context.getBean(FanoutProperties.class).dedupWindow())
				.isEqualTo(Duration.ofDays(1)));
	}

	@EnableConfigurationProperties(FanoutProperties.class)
	static class Properties {

	}

}
