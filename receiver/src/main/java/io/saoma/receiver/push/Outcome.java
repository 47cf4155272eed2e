package io.saoma.receiver.push;

/**
 * What became of one request to the endpoint: the HTTP status it is answered with and the tag it is counted under.
 */
public enum Outcome {

	/** Verified, published and acknowledged by the broker: answered {@code success}. */
	ACCEPTED(200, "accepted"),
	/** {@code signature} or {@code msg_signature} missing or wrong. */
	BAD_SIGNATURE(401, "bad_signature"),
	/** Signed correctly but the ciphertext does not decrypt for this account (Base64, padding, length, AppID). */
	DECRYPT_FAILED(400, "decrypt_failure"),
	/** Not a WeChat message we can read (not XML/JSON, DOCTYPE, missing fields, missing parameters). */
	MALFORMED(400, "malformed"),
	/** Body larger than {@code wechat.receiver.max-body-size}. */
	TOO_LARGE(413, "too_large"),
	/** {@code timestamp} outside {@code wechat.receiver.replay-window}. */
	REPLAYED(403, "replayed"),
	/** No account is configured under the URL's account id. */
	UNKNOWN_ACCOUNT(404, "unknown_account"),
	/** The broker did not acknowledge the write in time: answered 503 so that WeChat retries. */
	BROKER_TIMEOUT(503, "broker_timeout"),
	/** The broker refused the write: answered 503 so that WeChat retries. */
	BROKER_ERROR(503, "broker_error");

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
