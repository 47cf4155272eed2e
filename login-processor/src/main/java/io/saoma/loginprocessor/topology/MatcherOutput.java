package io.saoma.loginprocessor.topology;

/**
 * One record the matcher emits, and where it goes.
 *
 * @param target the topic it goes to
 * @param value the value: a record of the target's type ({@code null} for a tombstone),
 * or a {@link RawRecord} for {@link Target#DEAD_LETTERS}
 */
record MatcherOutput(Target target, Object value) {

	enum Target {

		/** {@code wechat.logins}, keyed by loginId. */
		LOGINS,
		/** {@code wechat.login-status}, keyed by loginId. */
		STATUS,
		/**
		 * {@code wechat.qr-tickets}, keyed by ticket: tombstones of used and expired
		 * tickets.
		 */
		TICKETS,
		/**
		 * {@code wechat.login-processor.dlt}: an input record the matcher failed on, as
		 * it was read.
		 */
		DEAD_LETTERS

	}

	/**
	 * A record's key and value bytes as they were read.
	 *
	 * @param key the key
	 * @param value the value
	 */
	record RawRecord(byte[] key, byte[] value) {
	}

}
