package io.saoma.loginprocessor.confirm;

/**
 * Why a confirmation was not sent. Subclasses say whether retrying may help: a
 * {@link Refused} one and an {@link Undecodable} record go to the dead-letter topic at
 * once; any other failure (WeChat busy, quota, HTTP 5xx, timeout, the markers not
 * readable) is retried through the retry topics first. Messages never carry a token or a
 * URL.
 */
abstract sealed class ConfirmationFailure extends RuntimeException {

	/** The dead letters' header saying why, e.g. {@code errcode-45015}. */
	static final String REASON_HEADER = "saoma-confirmation-reason";

	ConfirmationFailure(String message) {
		super(message, null, false, false);
	}

	/**
	 * WeChat refused to deliver to this user, and will refuse again: the user has not
	 * written to the account in 48 h (45015), the account's customer-service limit is
	 * reached (45047), the openid is invalid (40003) or the user unfollowed (43004).
	 */
	static final class Refused extends ConfirmationFailure {

		private final String reason;

		Refused(String reason, String message) {
			super(message);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

	/** A record of {@code wechat.logins} nobody can decode. */
	static final class Undecodable extends ConfirmationFailure {

		Undecodable(String message) {
			super(message);
		}

	}

	/** A failure that may pass: retried. */
	static final class Temporary extends ConfirmationFailure {

		Temporary(String message) {
			super(message);
		}

	}

}
