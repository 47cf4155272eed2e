package io.saoma.receiver.push;

/**
 * A request that is answered with an error and publishes nothing. The message is a short
 * reason safe to return to the caller: it never contains secrets or the request body.
 * {@link #logDetail()} says more, for the operator's log only (e.g. which decryption
 * check failed, or which setting refused a downgrade); it never contains secrets, key
 * material or decrypted bytes either.
 */
public class PushRejectedException extends Exception {

	private final Outcome outcome;

	private final String logDetail;

	/**
	 * A rejection whose log detail is the client message.
	 * @param outcome the outcome
	 * @param reason the message for the client (and the log)
	 */
	public PushRejectedException(Outcome outcome, String reason) {
		this(outcome, reason, reason);
	}

	/**
	 * A rejection that tells the operator more than the client.
	 * @param outcome the outcome
	 * @param reason the message for the client
	 * @param logDetail the message for the log
	 */
	public PushRejectedException(Outcome outcome, String reason, String logDetail) {
		super(reason, null, false, false);
		this.outcome = outcome;
		this.logDetail = logDetail;
	}

	public Outcome outcome() {
		return this.outcome;
	}

	/**
	 * What to log about this rejection: the client message, or more where the client must
	 * not learn more.
	 * @return the detail for the log
	 */
	public String logDetail() {
		return this.logDetail;
	}

}
