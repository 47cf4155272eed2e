package io.saoma.receiver.metrics;

/**
 * Pushes shed because the receiver is at one of its limits, or whose client was too slow or gone (not because of
 * anything in the push): answered 503 so that WeChat retries, or with the connection closed. Counted next to the {@link io.saoma.receiver.push.Outcome outcomes} under
 * {@code wechat.receiver.pushes}.
 */
public enum Overload {

	/** {@code wechat.receiver.max-concurrent-pushes} pushes are already in flight: answered at once, body unread. */
	OVERLOADED(503, "overloaded"),
	/** {@code wechat.receiver.max-pending-sends} writes are already waiting for the broker: answered at once. */
	BROKER_BUSY(503, "broker_busy"),
	/** Not answered within {@code wechat.receiver.request-deadline}. */
	DEADLINE_EXCEEDED(503, "deadline_exceeded"),
	/**
	 * The body stalled for {@code wechat.receiver.body-read-timeout}, or was not complete within
	 * {@code wechat.receiver.request-deadline}: the connection is closed.
	 */
	BODY_TIMEOUT(408, "body_timeout"),
	/** The client closed the connection before its body was read: nothing could be answered. */
	ABORTED(499, "aborted");

	private final int status;

	private final String tag;

	Overload(int status, String tag) {
		this.status = status;
		this.tag = tag;
	}

	/**
	 * The HTTP status of the answer.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The metric tag value and the {@code error} of the answer.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
