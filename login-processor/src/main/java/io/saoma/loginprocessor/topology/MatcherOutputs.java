package io.saoma.loginprocessor.topology;

import io.saoma.loginprocessor.topology.MatcherOutput.Target;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the matcher writes, each to its topic, stamped with the task's wall-clock time.
 */
final class MatcherOutputs {

	private final ProcessorContext<String, MatcherOutput> context;

	MatcherOutputs(ProcessorContext<String, MatcherOutput> context) {
		this.context = context;
	}

	/**
	 * A login result to {@code wechat.logins}.
	 * @param result the result
	 */
	void login(LoginResult result) {
		emit(Target.LOGINS, result.getLoginId(), result);
	}

	/**
	 * A login's status to {@code wechat.login-status}.
	 * @param status the status
	 */
	void status(LoginStatus status) {
		emit(Target.STATUS, status.getLoginId(), status);
	}

	/**
	 * The tombstone of a login's status, once its retention is over.
	 * @param loginId the login
	 */
	void statusRemoved(String loginId) {
		emit(Target.STATUS, loginId, null);
	}

	/**
	 * The tombstone of a used or expired ticket to {@code wechat.qr-tickets}.
	 * @param ticket the ticket
	 */
	void ticketGone(String ticket) {
		emit(Target.TICKETS, ticket, null);
	}

	private void emit(Target target, String key, SpecificRecord value) {
		this.context.forward(new Record<>(key, new MatcherOutput(target, value), this.context.currentSystemTimeMs()));
	}

}
