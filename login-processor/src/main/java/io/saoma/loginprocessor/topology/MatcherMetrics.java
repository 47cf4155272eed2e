package io.saoma.loginprocessor.topology;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saoma.common.streams.DeadLetterCounter;
import io.saoma.schemas.login.LoginOutcome;

/**
 * What the matcher counts, per account: {@code login.tickets} (registered),
 * {@code login.results} by outcome, {@code login.scans} by what became of them
 * ({@code duplicate}, {@code held}, {@code unmatched}, {@code invalid-create-time},
 * {@code invalid-field}), {@code login.sweep.failures} (due entries the sweep could not
 * handle and removed) and the timer {@code login.duration} from ticket creation to a
 * successful scan. Counts include work redone after an aborted transaction, so they can
 * run slightly high after a failure.
 */
public class MatcherMetrics {

	/** The counter of the login processor's dead letters, tagged by {@code source}. */
	public static final String DEAD_LETTERS = "login.dead-letters";

	private final MeterRegistry registry;

	private final DeadLetterCounter deadLetters;

	public MatcherMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.deadLetters = new DeadLetterCounter(registry, DEAD_LETTERS);
	}

	/**
	 * The records the topology sent to {@code wechat.login-processor.dlt}:
	 * {@code login.dead-letters{source}}, where source is {@code events} or
	 * {@code status} (undecodable) or {@code tickets} or {@code scans} (the matcher could
	 * not decode or failed on them).
	 * @return the counter
	 */
	public DeadLetterCounter deadLetters() {
		return this.deadLetters;
	}

	void ticketRegistered(String account) {
		this.registry.counter("login.tickets", "account", account).increment();
	}

	void decided(String account, LoginOutcome outcome, long sinceCreatedMillis) {
		this.registry.counter("login.results", "account", account, "outcome", outcome.name().toLowerCase()).increment();
		if (outcome == LoginOutcome.SUCCEEDED && sinceCreatedMillis >= 0) {
			Timer.builder("login.duration")
				.description("From QR code creation to a successful scan")
				.tag("account", account)
				.register(this.registry)
				.record(sinceCreatedMillis, TimeUnit.MILLISECONDS);
		}
	}

	void duplicateDropped(String account) {
		scans(account, "duplicate");
	}

	void scanHeld(String account) {
		scans(account, "held");
	}

	void scanUnmatched(String account) {
		scans(account, "unmatched");
	}

	void scanInvalid(String account) {
		scans(account, "invalid-create-time");
	}

	void scanInvalidField(String account) {
		scans(account, "invalid-field");
	}

	void sweepFailed() {
		this.registry.counter("login.sweep.failures").increment();
	}

	private void scans(String account, String what) {
		this.registry.counter("login.scans", "account", account, "result", what).increment();
	}

}
