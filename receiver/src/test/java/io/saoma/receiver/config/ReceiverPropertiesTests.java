package io.saoma.receiver.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of {@code wechat.receiver.*} when it is bound: each limit is named when it
 * is out of range.
 */
class ReceiverPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldAcceptTheDefaults() {
		this.runner.run((context) -> {
			ReceiverProperties properties = context.getBean(ReceiverProperties.class);
			assertThat(properties.requestDeadline()).isEqualTo(Duration.ofMillis(4500));
			assertThat(properties.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void shouldRefuseARequestDeadlineBeyondWechatsDeadline() {
		assertRefused("requestDeadline", "must be positive and at most 4500ms", "wechat.receiver.request-deadline=5s");
		assertRefused("requestDeadline", "must be positive and at most 4500ms", "wechat.receiver.request-deadline=0s");
	}

	@Test
	void shouldRefuseAPublishTimeoutBeyondWechatsDeadline() {
		assertRefused("publishTimeout", "must be positive and at most 4500ms", "wechat.receiver.publish-timeout=5s");
		assertRefused("publishTimeout", "must be positive and at most 4500ms", "wechat.receiver.publish-timeout=0s");
	}

	@Test
	void shouldRefuseAPublishTimeoutLongerThanTheRequestDeadline() {
		assertRefusedInCode("wechat.receiver.publish-timeout must not be longer than wechat.receiver.request-deadline",
				"wechat.receiver.publish-timeout=3s", "wechat.receiver.request-deadline=2s",
				"wechat.receiver.body-read-timeout=1s");
	}

	@Test
	void shouldRefuseABodyReadTimeoutThatIsZeroOrLongerThanTheRequestDeadline() {
		assertRefused("bodyReadTimeout", "must be positive and at most wechat.receiver.request-deadline",
				"wechat.receiver.body-read-timeout=0s");
		assertRefusedInCode(
				"wechat.receiver.body-read-timeout must be positive and at most wechat.receiver.request-deadline",
				"wechat.receiver.request-deadline=4000ms", "wechat.receiver.body-read-timeout=4001ms");
	}

	@Test
	void shouldRefuseLimitsBelowOne() {
		assertRefused("maxConnections", "must be at least 1", "wechat.receiver.max-connections=0");
		assertRefused("maxConcurrentPushes", "must be at least 1", "wechat.receiver.max-concurrent-pushes=-1");
		assertRefused("maxPendingSends", "must be at least 1", "wechat.receiver.max-pending-sends=0");
	}

	@Test
	void shouldRefuseARejectionLogIntervalThatIsNotPositive() {
		assertRefused("rejectionLogInterval", "must be positive", "wechat.receiver.rejection-log-interval=0s");
	}

	@Test
	void shouldRefuseAHeaderTimeoutThatIsNotPositive() {
		assertRefused("headerTimeout", "must be positive", "wechat.receiver.header-timeout=0s");
	}

	@Test
	void shouldRefuseANegativeReplayWindowButAcceptZeroToTurnTheCheckOff() {
		assertRefused("replayWindow", "must not be negative", "wechat.receiver.replay-window=-1s");
		this.runner.withPropertyValues("wechat.receiver.replay-window=0s")
			.run((context) -> assertThat(context.getBean(ReceiverProperties.class).replayWindow()).isZero());
	}

	@Test
	void shouldRefuseABodySizeOutsideOneKilobyteToSixteenMegabytes() {
		assertRefusedInCode("wechat.receiver.max-body-size must be between 1KB and 16MB",
				"wechat.receiver.max-body-size=1023B");
		assertRefusedInCode("wechat.receiver.max-body-size must be between 1KB and 16MB",
				"wechat.receiver.max-body-size=17MB");
	}

	private void assertRefused(String field, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining("default message [" + reason + "]"));
	}

	private void assertRefusedInCode(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage(message));
	}

	@EnableConfigurationProperties(ReceiverProperties.class)
	static class Properties {

	}

}
