package io.saoma.receiver.config;

import java.time.Duration;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of {@code wechat.receiver.*} when it is bound: each limit is named when it
 * is out of range.
 */
class ReceiverPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldAcceptTheDefaults() {
		ReceiverProperties properties = this.checks.bind(ReceiverProperties.class);
		assertThat(properties.requestDeadline()).isEqualTo(Duration.ofMillis(4500));
		assertThat(properties.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void shouldRefuseARequestDeadlineBeyondWechatsDeadline() {
		this.checks.assertRefused("requestDeadline", "must be positive and at most 4500ms",
				"wechat.receiver.request-deadline=5s");
		this.checks.assertRefused("requestDeadline", "must be positive and at most 4500ms",
				"wechat.receiver.request-deadline=0s");
	}

	@Test
	void shouldRefuseAPublishTimeoutBeyondWechatsDeadline() {
		this.checks.assertRefused("publishTimeout", "must be positive and at most 4500ms",
				"wechat.receiver.publish-timeout=5s");
		this.checks.assertRefused("publishTimeout", "must be positive and at most 4500ms",
				"wechat.receiver.publish-timeout=0s");
	}

	@Test
	void shouldRefuseAPublishTimeoutLongerThanTheRequestDeadline() {
		this.checks.assertRefusedInCode(
				"wechat.receiver.publish-timeout must not be longer than wechat.receiver.request-deadline",
				"wechat.receiver.publish-timeout=3s", "wechat.receiver.request-deadline=2s",
				"wechat.receiver.body-read-timeout=1s");
	}

	@Test
	void shouldRefuseABodyReadTimeoutThatIsZeroOrLongerThanTheRequestDeadline() {
		this.checks.assertRefused("bodyReadTimeout", "must be positive and at most wechat.receiver.request-deadline",
				"wechat.receiver.body-read-timeout=0s");
		this.checks.assertRefusedInCode(
				"wechat.receiver.body-read-timeout must be positive and at most wechat.receiver.request-deadline",
				"wechat.receiver.request-deadline=4000ms", "wechat.receiver.body-read-timeout=4001ms");
	}

	@Test
	void shouldRefuseLimitsBelowOne() {
		this.checks.assertRefused("maxConnections", "must be at least 1", "wechat.receiver.max-connections=0");
		this.checks.assertRefused("maxConcurrentPushes", "must be at least 1",
				"wechat.receiver.max-concurrent-pushes=-1");
		this.checks.assertRefused("maxPendingSends", "must be at least 1", "wechat.receiver.max-pending-sends=0");
	}

	@Test
	void shouldRefuseARejectionLogIntervalThatIsNotPositive() {
		this.checks.assertRefused("rejectionLogInterval", "must be positive",
				"wechat.receiver.rejection-log-interval=0s");
	}

	@Test
	void shouldRefuseAHeaderTimeoutThatIsNotPositive() {
		this.checks.assertRefused("headerTimeout", "must be positive", "wechat.receiver.header-timeout=0s");
	}

	@Test
	void shouldRefuseANegativeReplayWindowButAcceptZeroToTurnTheCheckOff() {
		this.checks.assertRefused("replayWindow", "must not be negative", "wechat.receiver.replay-window=-1s");
		assertThat(this.checks.bind(ReceiverProperties.class, "wechat.receiver.replay-window=0s").replayWindow())
			.isZero();
	}

	@Test
	void shouldRefuseABodySizeOutsideOneKilobyteToSixteenMegabytes() {
		this.checks.assertRefusedInCode("wechat.receiver.max-body-size must be between 1KB and 16MB",
				"wechat.receiver.max-body-size=1023B");
		this.checks.assertRefusedInCode("wechat.receiver.max-body-size must be between 1KB and 16MB",
				"wechat.receiver.max-body-size=17MB");
	}

	@EnableConfigurationProperties(ReceiverProperties.class)
	static class Properties {

	}

}
