package io.saoma.forwarder.relay;

/**
 * Why a push could not be relayed now. Its subclasses decide what happens to it.
 */
public abstract class RelayFailure extends RuntimeException {

	protected RelayFailure(String message) {
		super(message, null, false, false);
	}

	/**
	 * The endpoint failed in a way that may pass (timeout, connection error, 5xx, 408, 429): retried with back-off
	 * through the retry topics.
	 */
	public static class Retryable extends RelayFailure {

		public Retryable(String message) {
			super(message);
		}

	}

	/**
	 * The endpoint refused the push (another 4xx), or it cannot be relayed in the configured format: straight to the
	 * dead-letter topic.
	 */
	public static class Rejected extends RelayFailure {

		public Rejected(String message) {
			super(message);
		}

	}

	/**
	 * The endpoint's circuit is open: the push waits (its partition is paused) without calling the endpoint and
	 * without using up a retry.
	 */
	public static class CircuitOpen extends RelayFailure {

		public CircuitOpen(String message) {
			super(message);
		}

	}

}
