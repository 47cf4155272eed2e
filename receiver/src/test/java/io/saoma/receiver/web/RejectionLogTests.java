package io.saoma.receiver.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregated rejection log against a clock the test moves.
 */
class RejectionLogTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final RejectionLog log = new RejectionLog(INTERVAL, this.now::get, this.lines::add);

	@Test
	void shouldLogTheFirstRejectionAtOnce() {
		this.log.rejected("push", "main", "401 bad_signature", "signature does not match");
		assertThat(this.lines)
			.containsExactly("Rejected push for account 'main' with 401 bad_signature: signature does not match");
	}

	@Test
	void shouldLogAtMostOneLinePerIntervalWithTheCountAndTheLastReason() {
		this.log.rejected("push", "main", "401 bad_signature", "first");
		for (int i = 0; i < 1000; i++) {
			advance(Duration.ofMillis(50));
			this.log.rejected("push", "main", "401 bad_signature", "reason " + i);
		}
		// 1000 × 50 ms = 50 s: still within the first interval
		assertThat(this.lines).hasSize(1);
		advance(Duration.ofSeconds(10));
		this.log.rejected("push", "main", "401 bad_signature", "after a minute");
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).isEqualTo("Rejected 1001 pushes for account 'main' with 401 bad_signature in the"
				+ " last 60s, the last: after a minute");
	}

	@Test
	void shouldHandAFailureWithItsLineAtMostOncePerInterval() {
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		RejectionLog log = new RejectionLog(INTERVAL, this.now::get, this.lines::add, (line, failure) -> {
			this.lines.add(line);
			failures.add(failure);
		});
		IllegalStateException first = new IllegalStateException("first");
		log.failed("push", "main", "500 internal_error", "failed unexpectedly", first);
		for (int i = 0; i < 10; i++) {
			advance(Duration.ofSeconds(5));
			log.failed("push", "main", "500 internal_error", "failed unexpectedly", new IllegalStateException());
		}
		assertThat(this.lines)
			.containsExactly("Rejected push for account 'main' with 500 internal_error: failed unexpectedly");
		assertThat(failures).containsExactly(first);
		advance(Duration.ofSeconds(10));
		IllegalStateException later = new IllegalStateException("later");
		log.failed("push", "main", "500 internal_error", "failed unexpectedly", later);
		assertThat(this.lines).hasSize(2);
		assertThat(failures).containsExactly(first, later);
	}

	@Test
	void shouldKeepAccountsAndOutcomesApart() {
		this.log.rejected("push", "main", "401 bad_signature", "a");
		this.log.rejected("push", "shop", "401 bad_signature", "b");
		this.log.rejected("push", "main", "400 malformed", "c");
		this.log.rejected("URL verification", "main", "401 bad_signature", "d");
		this.log.rejected("push", "main", "401 bad_signature", "e");
		assertThat(this.lines).containsExactly("Rejected push for account 'main' with 401 bad_signature: a",
				"Rejected push for account 'shop' with 401 bad_signature: b",
				"Rejected push for account 'main' with 400 malformed: c",
				"Rejected URL verification for account 'main' with 401 bad_signature: d");
	}

	@Test
	void shouldReportTheCountOfABurstThatStoppedOnFlushOnceItsIntervalPassed() {
		this.log.rejected("push", "main", "503 overloaded", "first");
		this.log.rejected("push", "main", "503 overloaded", "second");
		this.log.rejected("push", "main", "503 overloaded", "third");
		this.log.flush();
		assertThat(this.lines).hasSize(1);
		advance(INTERVAL);
		this.log.flush();
		this.log.flush();
		assertThat(this.lines).containsExactly("Rejected push for account 'main' with 503 overloaded: first",
				"Rejected 2 pushes for account 'main' with 503 overloaded in the last 60s, the last: third");
	}

	@Test
	void shouldLogTheFirstRejectionAfterAQuietIntervalAtOnceAgain() {
		this.log.rejected("push", "main", "403 replayed", "one");
		advance(Duration.ofMinutes(5));
		this.log.flush();
		this.log.rejected("push", "main", "403 replayed", "two");
		assertThat(this.lines).containsExactly("Rejected push for account 'main' with 403 replayed: one",
				"Rejected push for account 'main' with 403 replayed: two");
	}

	@Test
	void shouldLeaveOutTheAccountWhenThereIsNone() {
		this.log.rejected("connection", null, "close", "1024 connections are open");
		this.log.rejected("connection", null, "close", "1024 connections are open");
		advance(INTERVAL);
		this.log.flush();
		assertThat(this.lines).containsExactly("Rejected connection with close: 1024 connections are open",
				"Rejected 1 connection with close in the last 60s, the last: 1024 connections are open");
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
