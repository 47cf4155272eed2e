package io.saoma.common.streams;

import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * UP while an application's Kafka Streams runs (or rebalances, which it does on every
 * scale-out); DOWN once it stopped or failed, or while its stream threads keep failing
 * (more than {@code saoma.streams.health.max-thread-failures} within
 * {@code thread-failure-window}, {@link StreamThreadFailures}): then it processes
 * nothing, or not everything. The details carry the state, the recent thread failures
 * (the class of the last one, never its message) and, where the application counts them,
 * the records dead-lettered since start.
 */
public class StreamsHealthIndicator extends AbstractHealthIndicator {

	private final Supplier<KafkaStreams.State> state;

	private final StreamThreadFailures failures;

	private final DeadLetterCounter deadLetters;

	/**
	 * The health of Spring's Kafka Streams.
	 * @param streams the factory bean
	 * @param failures the thread failures its uncaught exception handler records
	 * ({@link StreamThreadFailures#replacingFailedThreads()})
	 * @param deadLetters the dead letters the application counts, or {@code null}
	 */
	public StreamsHealthIndicator(StreamsBuilderFactoryBean streams, StreamThreadFailures failures,
			DeadLetterCounter deadLetters) {
		this(() -> {
			KafkaStreams kafkaStreams = streams.getKafkaStreams();
			return (kafkaStreams != null) ? kafkaStreams.state() : KafkaStreams.State.NOT_RUNNING;
		}, failures, deadLetters);
	}

	StreamsHealthIndicator(Supplier<KafkaStreams.State> state, StreamThreadFailures failures,
			DeadLetterCounter deadLetters) {
		this.state = state;
		this.failures = failures;
		this.deadLetters = deadLetters;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams.State current = this.state.get();
		StreamThreadFailures.Snapshot threads = this.failures.snapshot();
		boolean up = current.isRunningOrRebalancing() && !threads.tooMany();
		(up ? builder.up() : builder.down()).withDetail("state", current.name())
			.withDetail("threadFailures", threads.recent())
			.withDetail("threadFailureWindow", threads.window().toString())
			.withDetail("maxThreadFailures", threads.maxFailures())
			.withDetail("threadFailuresTotal", threads.total());
		if (threads.lastFailure() != null) {
			builder.withDetail("lastThreadFailure", threads.lastFailure())
				.withDetail("lastThreadFailureAt", threads.lastFailureAt().toString());
		}
		if (threads.tooMany()) {
			builder.withDetail("reason", "stream threads keep failing: " + threads.recent() + " failures within "
					+ threads.window() + " (more than " + threads.maxFailures() + "); see the log");
		}
		else if (!current.isRunningOrRebalancing()) {
			builder.withDetail("reason", "Kafka Streams is " + current.name());
		}
		if (this.deadLetters != null) {
			builder.withDetail("deadLettered", this.deadLetters.count());
		}
	}

}
