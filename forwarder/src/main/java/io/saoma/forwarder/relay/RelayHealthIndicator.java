package io.saoma.forwarder.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The state of every account's Authing circuit: {@code UP} while all are closed,
 * {@value #DEGRADED} while one is open or probing (that account's Authing is failing; its
 * relays wait in its waiting topic, nothing is lost, the other accounts relay as usual).
 * The details name the accounts, never their URLs (they may carry secrets).
 */
public class RelayHealthIndicator extends AbstractHealthIndicator {

	/** Relays of an account are waiting for its endpoint to come back. */
	public static final String DEGRADED = "DEGRADED";

	private final RelayCircuits circuits;

	private final Predicate<String> waitingPaused;

	/**
	 * @param circuits the accounts' circuits
	 * @param waitingPaused whether an account's waiting relays are paused
	 * ({@link RelayWaitingRoom#isPaused})
	 */
	public RelayHealthIndicator(RelayCircuits circuits, Predicate<String> waitingPaused) {
		this.circuits = circuits;
		this.waitingPaused = waitingPaused;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean degraded = false;
		for (Map.Entry<String, CircuitBreaker> circuit : this.circuits.all().entrySet()) {
			CircuitBreaker.State state = circuit.getValue().getState();
			degraded |= !RelayCircuits.isHealthy(state);
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("circuit", state.name());
			detail.put("failureRate", circuit.getValue().getMetrics().getFailureRate());
			detail.put("waitingRelaysPaused", this.waitingPaused.test(circuit.getKey()));
			builder.withDetail(circuit.getKey(), detail);
		}
		builder.status(degraded ? new Status(DEGRADED) : Status.UP);
	}

}
