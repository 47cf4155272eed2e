package io.saoma.receiver.push;

/**
 * A request that is answered with an error and publishes nothing. The message is a short reason safe to return to
 * the caller: it never contains secrets or the request body.
 */
public class PushRejectedException extends Exception {

	private final Outcome outcome;

	public PushRejectedException(Outcome outcome, String reason) {
		super(reason, null, false, false);
		this.outcome = outcome;
	}

	public Outcome outcome() {
		return this.outcome;
	}

}
