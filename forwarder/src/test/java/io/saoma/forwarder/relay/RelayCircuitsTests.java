package io.saoma.forwarder.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.saoma.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayCircuitsTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RelayCircuits circuits = new RelayCircuits(List.of("a", "b"),
			new ForwarderProperties.Circuit(3, Duration.ofSeconds(10), Duration.ofSeconds(1)), this.clock);

	@Test
	void shouldOpenAfterTheThresholdOfConsecutiveFailuresOfOneAccountOnly() {
		CircuitBreaker a = this.circuits.of("a");
		fail(a);
		fail(a);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		fail(a);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(a.tryAcquirePermission()).isFalse();
		assertThat(this.circuits.of("b").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.circuits.of("b").tryAcquirePermission()).isTrue();
	}

	@Test
	void shouldStayClosedWhenASuccessBreaksTheRunOfFailures() {
		CircuitBreaker a = this.circuits.of("a");
		fail(a);
		fail(a);
		a.executeRunnable(() -> {
		});
		fail(a);
		fail(a);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void shouldNotCountARefusedPushAgainstTheEndpoint() {
		CircuitBreaker a = this.circuits.of("a");
		for (int i = 0; i < 5; i++) {
			try {
				a.executeRunnable(() -> {
					throw new RelayFailure.Rejected("400");
				});
			}
			catch (RelayFailure.Rejected expected) {
				// counted as neither success nor failure
			}
		}
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(a.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void shouldLetOneProbeThroughAfterTheOpenDurationAndCloseOnItsSuccess() {
		List<String> changes = new CopyOnWriteArrayList<>();
		this.circuits.onStateChange((account, state) -> changes.add(account + ":" + state));
		CircuitBreaker a = this.circuits.of("a");
		fail(a);
		fail(a);
		fail(a);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(a.tryAcquirePermission()).isTrue();
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(a.tryAcquirePermission()).as("one probe at a time").isFalse();
		a.onSuccess(0, java.util.concurrent.TimeUnit.MILLISECONDS);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(changes).containsExactly("a:OPEN", "a:HALF_OPEN", "a:CLOSED");
	}

	@Test
	void shouldOpenAgainWhenTheProbeFails() {
		CircuitBreaker a = this.circuits.of("a");
		fail(a);
		fail(a);
		fail(a);
		this.clock.advance(Duration.ofSeconds(11));
		fail(a);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private static void fail(CircuitBreaker breaker) {
		try {
			breaker.executeRunnable(() -> {
				throw new RelayFailure.Retryable("503");
			});
		}
		catch (RelayFailure.Retryable expected) {
			// counted
		}
	}

}
