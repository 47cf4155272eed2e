package io.saoma.loginprocessor.confirm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what became of each confirmation: {@code login.confirmations} tagged
 * {@code outcome} ({@code sent}, {@code skipped_stale}, {@code duplicate},
 * {@code retried}, {@code dead_lettered}) and {@code reason} (the dead letter's reason,
 * else {@code none}).
 */
final class ConfirmationMetrics {

	static final String NAME = "login.confirmations";

	private final MeterRegistry registry;

	ConfirmationMetrics(MeterRegistry registry) {
		this.registry = registry;
		// the usual outcomes exist from the start, so that a dashboard shows 0, not "no
		// data"
		for (String outcome : new String[] { "sent", "skipped_stale", "duplicate", "retried" }) {
			counter(outcome, "none");
		}
	}

	void sent() {
		counter("sent", "none").increment();
	}

	void skippedStale() {
		counter("skipped_stale", "none").increment();
	}

	void duplicate() {
		counter("duplicate", "none").increment();
	}

	void retried() {
		counter("retried", "none").increment();
	}

	void deadLettered(String reason) {
		counter("dead_lettered", reason).increment();
	}

	private Counter counter(String outcome, String reason) {
		return Counter.builder(NAME)
			.description("Login confirmations by outcome")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(this.registry);
	}

}
