package io.saoma.forwarder.relay;

/**
 * Why a push could not be relayed now. Its subclasses decide what happens to it.
 */
public abstract class RelayFailure extends RuntimeException {

	/**
	 * The header of a dead letter that says why the relay gave up on it
	 * ({@link Rejected#reason()}).
	 */
	public static final String REASON_HEADER = "saoma-relay-dead-letter-reason";

	protected RelayFailure(String message) {
		super(message, null, false, false);
	}

	/**
	 * The endpoint failed in a way that may pass (timeout, connection error, 5xx, 408,
	 * 429, or an {@link EndpointMisconfigured} answer): counted against its circuit and
	 * retried with back-off through the retry topics.
	 */
	public static class Retryable extends RelayFailure {

		public Retryable(String message) {
			super(message);
		}

	}

	/**
	 * The endpoint answered as if the events URL were wrong: a redirect (3xx; the relay
	 * does not follow them), 401, 403 or 404, as for a mistyped URL or a deleted or
	 * disabled connection. It is no refusal of this push: every push would get the same
	 * answer, so it counts against the endpoint's circuit (health shows it) and is
	 * retried like a 5xx instead of sending every push to the dead-letter topic at once.
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
	 * The endpoint refused the push (another 4xx: 400, 409, 422, ...), or it cannot be
	 * relayed in the configured format: straight to the dead-letter topic, whose record
	 * says why in {@value #REASON_HEADER}.
	 */
	public static class Rejected extends RelayFailure {

		public Rejected(String message) {
			super(message);
		}

		/**
		 * Why, in the dead letter's {@value #REASON_HEADER} header.
		 * @return a short code
		 */
		public String reason() {
			return "rejected";
		}

	}

	/**
	 * The push was received longer ago than {@code forwarder.relay.max-age}: relaying it
	 * is pointless (its QR code expired long ago), so it goes to the dead-letter topic
	 * without a call.
	 */
	public static class Expired extends Rejected {

		public Expired(String message) {
			super(message);
		}

		@Override
		public String reason() {
			return "max-age";
		}

	}

	/**
	 * The record is no push this forwarder can read: to the dead-letter topic.
	 */
	public static class Undecodable extends Rejected {

		public Undecodable(String message) {
			super(message);
		}

		@Override
		public String reason() {
			return "undecodable";
		}

	}

	/**
	 * The endpoint's circuit refuses calls now (open, or half-open with its probe under
	 * way): no call was made. The relay listener sets the push aside in its account's
	 * waiting topic, without using up a retry.
	 */
	public static class CircuitOpen extends RelayFailure {

		public CircuitOpen(String message) {
			super(message);
		}

	}

}
