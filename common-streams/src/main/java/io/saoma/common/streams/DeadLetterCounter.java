package io.saoma.common.streams;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the records an application sent to its dead-letter topic: a counter per source
 * in the registry, and the total since start for its {@link StreamsHealthIndicator}.
 */
public final class DeadLetterCounter {

	private final MeterRegistry registry;

	private final String name;

	private final LongAdder total = new LongAdder();

	/**
	 * A counter.
	 * @param registry where to count
	 * @param name the counter's name, e.g. {@code login.dead-letters}; tagged
	 * {@code source}
	 */
	public DeadLetterCounter(MeterRegistry registry, String name) {
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Counts one dead letter.
	 * @param source what it was read as (a topic's short name, e.g. {@code events})
	 */
	public void increment(String source) {
		this.registry.counter(this.name, "source", source).increment();
		this.total.increment();
	}

	/**
	 * The dead letters counted since start.
	 * @return the count
	 */
	public long count() {
		return this.total.sum();
	}

}
