package io.saoma.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarder killed with SIGKILL while it relays a backlog, and started again: every
 * login push reaches Authing; what was relayed but not committed before the kill is
 * relayed again, and counted.
 */
class ForwarderKillIT {

	@RegisterExtension
	static final ServicesBroker broker = new ServicesBroker();

	/**
	 * The default build scales Kafka's session timeout down from 45 s to 10 s: the
	 * restarted forwarder's consumers wait that long for the group to drop the killed
	 * one, before they get its partitions. The full variant keeps the production default.
	 */
	private static Map<String, String> sessionTimeout() {
		return FaultSettings.full() ? Map.of()
				: Map.of("spring.kafka.consumer.properties[session.timeout.ms]", "10000");
	}

	@Test
	void shouldDeliverEveryLoginPushWhenTheForwarderIsKilledMidRelay() {
		int count = FaultSettings.size(1000, 5000);
		long startedAt = System.nanoTime();
		try (AuthingEndpoint authing = new AuthingEndpoint(); EventPushes pushes = broker.pushes()) {
			// a real endpoint's round trip, so the kill lands while relays are in flight
			authing.delay(Duration.ofMillis(10));
			Set<String> sent = pushes.backlog("demo", count);

			try (ServiceProcess forwarder = broker.services()
				.forwarder("forwarder-kill", Map.of("demo", authing.eventsUrl("demo")), sessionTimeout())) {
				await("a third of the backlog relayed").atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> authing.deliveredOf(sent) >= count / 3);
				forwarder.kill();
				long beforeKill = authing.deliveredOf(sent);
				assertThat(beforeKill).as("killed mid-relay").isLessThan(count);

				forwarder.restart();
				await("every push delivered after the restart").atMost(Duration.ofSeconds(180))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> authing.deliveredOf(sent) == count);
			}
			long delivered = authing.deliveredOf(sent);
			long duplicates = authing.duplicatesOf(sent);
			new FaultSummary("Forwarder killed (SIGKILL) mid-relay and restarted", count, "pushes", delivered,
					count - delivered, duplicates, Duration.ofNanos(System.nanoTime() - startedAt),
					authing.calls().size() + " Authing calls")
				.write();
			assertThat(delivered).as("pushes delivered to Authing").isEqualTo(count);
		}
	}

}
