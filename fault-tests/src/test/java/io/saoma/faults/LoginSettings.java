package io.saoma.faults;

import java.util.Map;

/** The login processor settings of the scenarios. */
final class LoginSettings {

	private LoginSettings() {
	}

	/**
	 * The default build scales Kafka's session timeout down from 45 s to 10 s, so the
	 * group notices the killed instance sooner and the scenario fits the build's time;
	 * the full variant keeps the production default.
	 * @return the properties of both instances
	 */
	static Map<String, String> forKillScenarios() {
		return FaultSettings.full() ? Map.of() : Map.of("spring.kafka.streams.properties[session.timeout.ms]", "10000");
	}

}
