package io.saoma.common.streams;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.testsupport.time.MutableClock;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsHealthIndicatorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T16:00:00Z"));

	private final StreamThreadFailures failures = new StreamThreadFailures(
			new StreamsHealthProperties(3, Duration.ofMinutes(5)), this.clock);

	private final DeadLetterCounter deadLetters = new DeadLetterCounter(new SimpleMeterRegistry(), "test.dead-letters");

	private KafkaStreams.State state = KafkaStreams.State.RUNNING;

	private final StreamsHealthIndicator indicator = new StreamsHealthIndicator(() -> this.state, this.failures,
			this.deadLetters);

	@Test
	void shouldStayUpWhileThreadFailuresStayWithinTheThreshold() {
		StreamsUncaughtExceptionHandler handler = this.failures.replacingHandler();
		for (int i = 0; i < 3; i++) {
			assertThat(handler.handle(new ArithmeticException("long overflow")))
				.isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
			this.clock.advance(Duration.ofSeconds(10));
		}
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("threadFailures", 3)
			.containsEntry("lastThreadFailure", ArithmeticException.class.getName())
			.doesNotContainKey("reason");
	}

	@Test
	void shouldTurnDownWhenThreadsKeepFailingAndUpAgainOnceTheyStop() {
		StreamsUncaughtExceptionHandler handler = this.failures.replacingHandler();
		for (int i = 0; i < 4; i++) {
			handler.handle(new IllegalStateException("secret=do-not-show"));
			this.clock.advance(Duration.ofSeconds(10));
		}
		Health down = this.indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("state", "RUNNING").containsEntry("threadFailures", 4);
		assertThat((String) down.getDetails().get("reason")).contains("stream threads keep failing")
			.contains("4 failures within PT5M");
		assertThat(down.getDetails().toString()).doesNotContain("do-not-show");

		this.clock.advance(Duration.ofMinutes(5).minusSeconds(25));
		assertThat(this.indicator.health(true).getStatus()).as("2 failures left in the window").isEqualTo(Status.UP);
		assertThat(this.indicator.health(true).getDetails()).containsEntry("threadFailures", 2)
			.containsEntry("threadFailuresTotal", 4L);
	}

	@Test
	void shouldBeDownWhenKafkaStreamsIsNotRunning() {
		this.state = KafkaStreams.State.ERROR;
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "Kafka Streams is ERROR");
		this.state = KafkaStreams.State.REBALANCING;
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void shouldShowTheRecordsDeadLetteredSinceStart() {
		this.deadLetters.increment("events");
		this.deadLetters.increment("tickets");
		assertThat(this.indicator.health(true).getDetails()).containsEntry("deadLettered", 2L);
		StreamsHealthIndicator withoutDeadLetters = new StreamsHealthIndicator(() -> this.state, this.failures, null);
		assertThat(withoutDeadLetters.health(true).getDetails()).doesNotContainKey("deadLettered");
	}

}
