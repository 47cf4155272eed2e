package io.saoma.loginprocessor.topology;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saoma.schemas.login.LoginOutcome;

/**
 * What the matcher counts, per account: {@code login.tickets} (registered), {@code login.results} by outcome,
 * {@code login.scans} by what became of them ({@code duplicate}, {@code held}, {@code unmatched},
 * {@code invalid-create-time}) and the timer
 * {@code login.duration} from ticket creation to a successful scan. Counts include work redone after an aborted
 * transaction, so they can run slightly high after a failure.
 */
public class MatcherMetrics {

	private final MeterRegistry registry;

	public MatcherMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void ticketRegistered(String account) {
		this.registry.counter("login.tickets", "account", account).increment();
	}

	void decided(String account, LoginOutcome outcome, long sinceCreatedMillis) {
		this.registry.counter("login.results", "account", account, "outcome", outcome.name().toLowerCase())
			.increment();
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

	private void scans(String account, String what) {
		this.registry.counter("login.scans", "account", account, "result", what).increment();
	}

}
