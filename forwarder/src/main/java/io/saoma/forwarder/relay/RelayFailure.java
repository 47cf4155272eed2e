package io.saoma.forwarder.relay;

/**
 * Why a push could not be relayed now. Its subclasses decide what happens to it.
 */
public abstract class RelayFailure extends RuntimeException {

	protected RelayFailure(String message) {
		super(message, null, false, false);
	}

	/**
	 * The endpoint failed in a way that may pass (timeout, connection error, 5xx, 408, 429, or an
	 * {@link EndpointMisconfigured} answer): counted against its circuit and retried with back-off through the retry
	 * topics.
	 */
	public static class Retryable extends RelayFailure {

		public Retryable(String message) {
			super(message);
		}

	}

	/**
	 * The endpoint answered as if the events URL were wrong: a redirect (3xx; the relay does not follow them), 401,
	 * 403 or 404, as for a mistyped URL or a deleted or disabled connection. It is no refusal of this push: every push
	 * would get the same answer, so it counts against the endpoint's circuit (health shows it) and is retried like a
	 * 5xx instead of sending every push to the dead-letter topic at once.
	 */
	public static class EndpointMisconfigured extends Retryable {

		private final int status;

		public EndpointMisconfigured(String message, int status) {
			super(message);
			this.status = status;
		}

		/**
		 * The endpoint's answer.
		 * @return the HTTP status
		 */
		public int status() {
			return this.status;
		}

	}

	/**
	 * The endpoint refused the push (another 4xx: 400, 409, 422, ...), or it cannot be relayed in the configured format: straight to the
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
