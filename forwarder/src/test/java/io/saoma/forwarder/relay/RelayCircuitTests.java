package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayCircuitTests {

	private final MovingClock clock = new MovingClock();

	private final RelayCircuit circuit = new RelayCircuit(3, Duration.ofSeconds(10), this.clock);

	@Test
	void shouldOpenAfterTheThresholdOfConsecutiveFailures() {
		fail(2);
		this.circuit.onSuccess();
		fail(2);
		assertThat(this.circuit.state()).isEqualTo(RelayCircuit.State.CLOSED);
		fail(1);
		assertThat(this.circuit.state()).isEqualTo(RelayCircuit.State.OPEN);
		assertThat(this.circuit.tryAcquire()).isFalse();
	}

	@Test
	void shouldLetOneProbeThroughAfterTheOpenDurationAndCloseOnItsSuccess() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.circuit.tryAcquire()).isTrue();
		assertThat(this.circuit.tryAcquire()).as("only one probe at a time").isFalse();
		this.circuit.onSuccess();
		assertThat(this.circuit.state()).isEqualTo(RelayCircuit.State.CLOSED);
		assertThat(this.circuit.tryAcquire()).isTrue();
	}

	@Test
	void shouldOpenAgainWhenTheProbeFails() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.circuit.tryAcquire()).isTrue();
		this.circuit.onFailure();
		assertThat(this.circuit.state()).isEqualTo(RelayCircuit.State.OPEN);
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.circuit.tryAcquire()).isFalse();
	}

	@Test
	void shouldTreatARefusalAsProofThatTheEndpointAnswers() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.circuit.tryAcquire()).isTrue();
		this.circuit.onNeutral();
		assertThat(this.circuit.state()).isEqualTo(RelayCircuit.State.CLOSED);
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			assertThat(this.circuit.tryAcquire()).isTrue();
			this.circuit.onFailure();
		}
	}

	private static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-11-24T09:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
