package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Map;

import io.saoma.forwarder.relay.ForwarderProperties.Account;

/**
 * {@link ForwarderProperties} with the documented defaults, for tests that construct
 * them.
 */
final class RelayTestProperties {

	static final ForwarderProperties.Retry RETRY = new ForwarderProperties.Retry(10, Duration.ofSeconds(1), 2.0,
			Duration.ofMinutes(5), 3);

	static final ForwarderProperties.Circuit CIRCUIT = new ForwarderProperties.Circuit(5, Duration.ofSeconds(10),
			Duration.ofSeconds(1));

	static final ForwarderProperties.Pool POOL = new ForwarderProperties.Pool(0, 0, Duration.ZERO,
			Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofSeconds(10));

	static final ForwarderProperties.Relay RELAY = relay(Duration.ofHours(1));

	private RelayTestProperties() {
	}

	static ForwarderProperties.Relay relay(Duration maxAge) {
		return new ForwarderProperties.Relay(Duration.ofSeconds(5), 3, maxAge,
				ForwarderProperties.StartPosition.MAX_AGE, POOL, 64, 1);
	}

	static ForwarderProperties of(Map<String, Account> accounts) {
		return new ForwarderProperties(accounts, RETRY, CIRCUIT, RELAY);
	}

	static ForwarderProperties withPool(ForwarderProperties.Pool pool) {
		return new ForwarderProperties(Map.of(), RETRY, CIRCUIT, new ForwarderProperties.Relay(Duration.ofSeconds(5), 3,
				Duration.ofHours(1), ForwarderProperties.StartPosition.MAX_AGE, pool, 64, 1));
	}

}
