package io.saoma.loginprocessor.topology;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the matcher emits, and where it goes.
 *
 * @param target the topic it goes to
 * @param value the value, {@code null} for a tombstone
 */
record MatcherOutput(Target target, SpecificRecord value) {

	enum Target {

		/** {@code wechat.logins}, keyed by loginId. */
		LOGINS,
		/** {@code wechat.login-status}, keyed by loginId. */
		STATUS,
		/** {@code wechat.qr-tickets}, keyed by ticket: tombstones of used and expired tickets. */
		TICKETS

	}

}
