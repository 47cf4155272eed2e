package io.saoma.embeddedkafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until a deadline; broker readiness and topic creation wait with this
 * instead of fixed sleeps. The local stack runs it, so it is not Awaitility (a test
 * library, kept off the product's classpath by the build); tests wait with Awaitility.
 */
final class Polling {

	private Polling() {
	}

	/**
	 * Returns as soon as {@code condition} holds, or throws {@link IllegalStateException}
	 * with the given message once {@code timeout} has passed. Exceptions thrown by the
	 * condition propagate immediately.
	 */
	static void until(Duration timeout, Duration interval, BooleanSupplier condition, Supplier<String> failureMessage) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline >= 0) {
				throw new IllegalStateException(failureMessage.get());
			}
			try {
				TimeUnit.NANOSECONDS.sleep(interval.toNanos());
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting: " + failureMessage.get(), e);
			}
		}
	}

}
