package io.saoma.receiver.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Validation of {@code wechat.receiver.*}: each limit is named when it is out of range.
 */
class ReceiverPropertiesTests {

	@Test
	void shouldAcceptTheDefaults() {
		ReceiverProperties properties = valid();
		assertThat(properties.requestDeadline()).isEqualTo(Duration.ofMillis(4500));
		assertThat(properties.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void shouldRefuseARequestDeadlineBeyondWechatsDeadline() {
		assertRefused("wechat.receiver.request-deadline must be positive and at most 4500ms",
				() -> with(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(3), 1, 1, 1,
						Duration.ofSeconds(60)));
		assertRefused("wechat.receiver.request-deadline must be positive and at most 4500ms",
				() -> with(Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(3), 1, 1, 1,
						Duration.ofSeconds(60)));
	}

	@Test
	void shouldRefuseAPublishTimeoutLongerThanTheRequestDeadline() {
		assertRefused("wechat.receiver.publish-timeout must not be longer than wechat.receiver.request-deadline",
				() -> with(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 1, 1,
						Duration.ofSeconds(60)));
	}

	@Test
	void shouldRefuseABodyReadTimeoutThatIsZeroOrLongerThanTheRequestDeadline() {
		assertRefused("wechat.receiver.body-read-timeout must be positive and at most wechat.receiver.request-deadline",
				() -> with(Duration.ofSeconds(3), Duration.ofMillis(4500), Duration.ZERO, 1, 1, 1,
						Duration.ofSeconds(60)));
		assertRefused("wechat.receiver.body-read-timeout must be positive and at most wechat.receiver.request-deadline",
				() -> with(Duration.ofSeconds(3), Duration.ofMillis(4000), Duration.ofMillis(4001), 1, 1, 1,
						Duration.ofSeconds(60)));
	}

	@Test
	void shouldRefuseLimitsBelowOne() {
		assertRefused("wechat.receiver.max-connections must be at least 1", () -> with(Duration.ofSeconds(3),
				Duration.ofMillis(4500), Duration.ofSeconds(3), 0, 1, 1, Duration.ofSeconds(60)));
		assertRefused("wechat.receiver.max-concurrent-pushes must be at least 1", () -> with(Duration.ofSeconds(3),
				Duration.ofMillis(4500), Duration.ofSeconds(3), 1, -1, 1, Duration.ofSeconds(60)));
		assertRefused("wechat.receiver.max-pending-sends must be at least 1", () -> with(Duration.ofSeconds(3),
				Duration.ofMillis(4500), Duration.ofSeconds(3), 1, 1, 0, Duration.ofSeconds(60)));
	}

	@Test
	void shouldRefuseARejectionLogIntervalThatIsNotPositive() {
		assertRefused("wechat.receiver.rejection-log-interval must be positive", () -> with(Duration.ofSeconds(3),
				Duration.ofMillis(4500), Duration.ofSeconds(3), 1, 1, 1, Duration.ZERO));
	}

	@Test
	void shouldRefuseAHeaderTimeoutThatIsNotPositive() {
		assertRefused("wechat.receiver.header-timeout must be positive",
				() -> new ReceiverProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(300), Duration.ofSeconds(3),
						Duration.ofMillis(4500), Duration.ofSeconds(3), 1024, 64, 128, Duration.ofSeconds(60),
						Duration.ZERO));
	}

	private static ReceiverProperties valid() {
		return with(Duration.ofSeconds(3), Duration.ofMillis(4500), Duration.ofSeconds(3), 1024, 64, 128,
				Duration.ofSeconds(60));
	}

	private static ReceiverProperties with(Duration publishTimeout, Duration requestDeadline, Duration bodyReadTimeout,
			int maxConnections, int maxConcurrentPushes, int maxPendingSends, Duration rejectionLogInterval) {
		return new ReceiverProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(300), publishTimeout,
				requestDeadline, bodyReadTimeout, maxConnections, maxConcurrentPushes, maxPendingSends,
				rejectionLogInterval, Duration.ofSeconds(2));
	}

	private static void assertRefused(String message, Runnable creation) {
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(creation::run)
			.withMessageContaining(message);
	}

}
