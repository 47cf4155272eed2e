package io.saoma.cli;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Tells a running tail to stop: Ctrl-C (a shutdown hook) in {@code --follow}, or a test.
 * It wakes the consumer out of a blocking poll, so the tail ends at once, prints its
 * summary and closes the consumer instead of being killed half-way.
 */
public final class TailStop {

	private final AtomicBoolean stopped = new AtomicBoolean();

	private Consumer<?, ?> consumer;

	/** Stops the tail; it returns normally (exit 0). Safe from any thread, repeatable. */
	public synchronized void stop() {
		this.stopped.set(true);
		if (this.consumer != null) {
			this.consumer.wakeup();
		}
	}

	/**
	 * Whether {@link #stop()} was called.
	 * @return {@code true} once stopped
	 */
	public boolean stopped() {
		return this.stopped.get();
	}

	/**
	 * Whether a tail is reading (its consumer is attached), for tests.
	 * @return {@code true} between the start of reading and its end
	 */
	synchronized boolean reading() {
		return this.consumer != null;
	}

	synchronized void attach(Consumer<?, ?> consumer) {
		this.consumer = consumer;
		if (stopped()) {
			consumer.wakeup();
		}
	}

	synchronized void detach() {
		this.consumer = null;
	}

}
