package io.saoma.common.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The stream threads that failed recently: a failed thread is replaced (its tasks resume
 * from their last commit, so exactly-once holds) and remembered for a window, so that
 * {@link StreamsHealthIndicator} turns DOWN when threads keep failing instead of staying
 * UP while a partition processes nothing.
 */
public final class StreamThreadFailures {

	private static final Logger logger = LoggerFactory.getLogger(StreamThreadFailures.class);

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	/**
	 * Times of the recent failures, oldest first, never more than
	 * {@code maxFailures + 1}.
	 */
	private final Deque<Instant> recent = new ArrayDeque<>();

	private long total;

	private String lastFailure;

	private Instant lastFailureAt;

	public StreamThreadFailures(StreamsHealthProperties properties) {
		this(properties, Clock.systemUTC());
	}

	public StreamThreadFailures(StreamsHealthProperties properties, Clock clock) {
		this.maxFailures = properties.maxThreadFailures();
		this.window = properties.threadFailureWindow();
		this.clock = clock;
	}

	/**
	 * The uncaught exception handler that replaces a failed thread and remembers the
	 * failure.
	 * @return the handler
	 */
	public StreamsUncaughtExceptionHandler replacingHandler() {
		return (ex) -> {
			int failures = record(ex);
			logger.error("A stream thread failed ({} within {}); replacing it, its tasks resume from the last commit",
					failures, this.window, ex);
			return StreamThreadExceptionResponse.REPLACE_THREAD;
		};
	}

	/**
	 * Sets {@link #replacingHandler()} on Spring's Kafka Streams.
	 * @return the configurer to declare as a bean
	 */
	public StreamsBuilderFactoryBeanConfigurer replacingFailedThreads() {
		return (factoryBean) -> factoryBean.setStreamsUncaughtExceptionHandler(replacingHandler());
	}

	/**
	 * Remembers a failure.
	 * @param failure what the thread died of
	 * @return the failures within the window, this one included
	 */
	synchronized int record(Throwable failure) {
		Instant now = this.clock.instant();
		this.recent.addLast(now);
		this.total++;
		// the class only: a message may quote record contents
		this.lastFailure = failure.getClass().getName();
		this.lastFailureAt = now;
		prune(now);
		while (this.recent.size() > this.maxFailures + 1) {
			this.recent.removeFirst();
		}
		return this.recent.size();
	}

	/**
	 * What is known now.
	 * @return the recent failures and whether they are too many
	 */
	public synchronized Snapshot snapshot() {
		prune(this.clock.instant());
		return new Snapshot(this.recent.size(), this.recent.size() > this.maxFailures, this.maxFailures, this.window,
				this.total, this.lastFailure, this.lastFailureAt);
	}

	private void prune(Instant now) {
		Instant oldest = now.minus(this.window);
		while (!this.recent.isEmpty() && !this.recent.peekFirst().isAfter(oldest)) {
			this.recent.removeFirst();
		}
	}

	/**
	 * The failures at one moment.
	 *
	 * @param recent failures within the window (at most {@code maxFailures + 1} are kept)
	 * @param tooMany whether they are more than tolerated
	 * @param maxFailures how many are tolerated
	 * @param window how far back they count
	 * @param total failures since start
	 * @param lastFailure the class of the last failure, or {@code null}
	 * @param lastFailureAt when it happened, or {@code null}
	 */
	public record Snapshot(int recent, boolean tooMany, int maxFailures, Duration window, long total,
			String lastFailure, Instant lastFailureAt) {
	}

}
