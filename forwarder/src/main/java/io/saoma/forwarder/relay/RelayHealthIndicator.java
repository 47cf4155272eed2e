package io.saoma.forwarder.relay;

import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The state of every Authing connection's circuit: {@code UP} while all are closed, {@value #DEGRADED} while one is
 * open or probing (Authing is failing; pushes wait in Kafka, nothing is lost).
 */
public class RelayHealthIndicator extends AbstractHealthIndicator {

	/** Relays are waiting for an endpoint to come back. */
	public static final String DEGRADED = "DEGRADED";

	private final Map<String, RelayCircuit> circuits;

	public RelayHealthIndicator(Map<String, RelayCircuit> circuits) {
		this.circuits = circuits;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean degraded = false;
		for (Map.Entry<String, RelayCircuit> circuit : this.circuits.entrySet()) {
			RelayCircuit.State state = circuit.getValue().state();
			degraded |= state != RelayCircuit.State.CLOSED;
			builder.withDetail(circuit.getKey(), state.name());
		}
		builder.status(degraded ? new Status(DEGRADED) : Status.UP);
	}

}
