package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker for one endpoint, so that an outage does not turn into a retry storm: after
 * {@code failureThreshold} consecutive failures it opens and no call is made for {@code openDuration}; then one call is
 * let through as a probe, and its success closes the circuit (its failure opens it again). The relay resumes by
 * itself when the endpoint is back.
 */
public class RelayCircuit {

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private Instant openUntil = Instant.MIN;

	private boolean probing;

	public RelayCircuit(int failureThreshold, Duration openDuration, Clock clock) {
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
		this.clock = clock;
	}

	/**
	 * Asks to make a call.
	 * @return {@code true} if the call may be made; callers that get {@code true} must report its result
	 */
	public synchronized boolean tryAcquire() {
		if (this.state == State.CLOSED) {
			return true;
		}
		if (this.state == State.OPEN && !this.clock.instant().isBefore(this.openUntil)) {
			this.state = State.HALF_OPEN;
		}
		if (this.state == State.HALF_OPEN && !this.probing) {
			this.probing = true;
			return true;
		}
		return false;
	}

	/** The call succeeded: the circuit closes. */
	public synchronized void onSuccess() {
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		this.probing = false;
	}

	/** The call failed in a way that counts against the endpoint. */
	public synchronized void onFailure() {
		this.consecutiveFailures++;
		if (this.state == State.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
			this.state = State.OPEN;
			this.openUntil = this.clock.instant().plus(this.openDuration);
		}
		this.probing = false;
	}

	/** The call ended in a way that says nothing about the endpoint's health (it refused the request). */
	public synchronized void onNeutral() {
		if (this.state == State.HALF_OPEN) {
			onSuccess();
		}
	}

	/**
	 * The current state.
	 * @return the state
	 */
	public synchronized State state() {
		if (this.state == State.OPEN && !this.clock.instant().isBefore(this.openUntil)) {
			return State.HALF_OPEN;
		}
		return this.state;
	}

	/**
	 * A circuit's states.
	 */
	public enum State {

		/** Calls are made. */
		CLOSED,
		/** No calls are made. */
		OPEN,
		/** One probe call is allowed. */
		HALF_OPEN

	}

}
