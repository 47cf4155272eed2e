package io.saoma.receiver.push;

/**
 * What became of one request to the endpoint: the HTTP status it is answered with and the
 * tag it is counted under (and, for an error, the {@code error} of its answer). The five
 * from {@link #OVERLOADED} to {@link #ABORTED} are pushes shed at one of the receiver's
 * limits or whose client was too slow or gone, not because of anything in the push.
 */
public enum Outcome {

	/** Verified, published and acknowledged by the broker: answered {@code success}. */
	ACCEPTED(200, "accepted"),
	/**
	 * {@code signature}, {@code timestamp}, {@code nonce} or {@code msg_signature}
	 * missing, a signature wrong, or a push in a weaker encryption mode than the
	 * account's {@code encryption-mode} (a downgrade: part of its body is covered by no
	 * signature).
	 */
	BAD_SIGNATURE(401, "bad_signature"),
	/**
	 * Signed correctly but the ciphertext does not decrypt for this account (Base64,
	 * padding, length, AppID).
	 */
	DECRYPT_FAILED(400, "decrypt_failure"),
	/**
	 * Not a WeChat message we can read (not UTF-8, not XML/JSON, DOCTYPE, over the
	 * parser's caps, missing fields, a {@code timestamp} that is not a number).
	 */
	MALFORMED(400, "malformed"),
	/** Body larger than {@code wechat.receiver.max-body-size}. */
	TOO_LARGE(413, "too_large"),
	/**
	 * {@code timestamp} outside {@code wechat.receiver.replay-window}, or a plaintext
	 * push whose (timestamp, nonce) came before with another body.
	 */
	REPLAYED(403, "replayed"),
	/** No account is configured under the URL's account id. */
	UNKNOWN_ACCOUNT(404, "unknown_account"),
	/**
	 * The broker did not acknowledge the write in time: answered 503 so that WeChat
	 * retries.
	 */
	BROKER_TIMEOUT(503, "broker_timeout"),
	/** The broker refused the write: answered 503 so that WeChat retries. */
	BROKER_ERROR(503, "broker_error"),
	/**
	 * {@code wechat.receiver.max-concurrent-pushes} pushes are already in flight:
	 * answered 503 at once, body unread.
	 */
	OVERLOADED(503, "overloaded"),
	/**
	 * {@code wechat.receiver.max-pending-sends} writes are already waiting for the
	 * broker: answered 503 at once.
	 */
	BROKER_BUSY(503, "broker_busy"),
	/**
	 * Not answered within {@code wechat.receiver.request-deadline}: answered 503 so that
	 * WeChat retries.
	 */
	DEADLINE_EXCEEDED(503, "deadline_exceeded"),
	/**
	 * The body stalled for {@code wechat.receiver.body-read-timeout}, or was not complete
	 * within {@code wechat.receiver.request-deadline}: answered 408 and the connection
	 * closed.
	 */
	BODY_TIMEOUT(408, "body_timeout"),
	/**
	 * The client closed the connection before its body was read: nothing could be
	 * answered.
	 */
	ABORTED(499, "aborted"),
	/**
	 * Failed in an unexpected way (a bug, not the push, the broker or a limit): answered
	 * 500 so that WeChat retries, and logged with its stack trace.
	 */
	INTERNAL_ERROR(500, "internal_error");

	private final int status;

	private final String tag;

	Outcome(int status, String tag) {
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
	 * The metric tag value.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
