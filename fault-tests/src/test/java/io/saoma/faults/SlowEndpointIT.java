package io.saoma.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow Authing (300 ms per answer) and a backlog waiting for the forwarder, with a poll
 * interval scaled down to 10 s (as the reproduction did): the forwarder's polls
 * must fit in the interval, or the consumer is dropped and relays its batch again and
 * again. At most 5 % more calls than relays.
 */
class SlowEndpointIT {

	@RegisterExtension
	static final ServicesBroker broker = new ServicesBroker();

	@Test
	void shouldCallASlowEndpointAboutOncePerRelayWithABacklog() {
		int count = FaultSettings.size(150, 600);
		long startedAt = System.nanoTime();
		try (AuthingEndpoint authing = new AuthingEndpoint(); EventPushes pushes = broker.pushes()) {
			authing.delay(Duration.ofMillis(300));
			Set<String> sent = pushes.backlog("demo", count);

			try (ServiceProcess forwarder = broker.services()
				.forwarder("forwarder-slow", Map.of("demo", authing.eventsUrl("demo")),
						Map.of("spring.kafka.consumer.properties[max.poll.interval.ms]", "10000",
								"forwarder.relay.timeout", "1s"))) {
				await("the backlog relayed").atMost(Duration.ofSeconds(240))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> authing.deliveredOf(sent) == count);
			}
			long calls = authing.calls().size();
			long delivered = authing.deliveredOf(sent);
			new FaultSummary("Slow Authing (300 ms per answer), backlog, max.poll.interval.ms 10 s", count, "relays",
					delivered, count - delivered, authing.duplicatesOf(sent),
					Duration.ofNanos(System.nanoTime() - startedAt), String.format(java.util.Locale.ROOT,
							"%d Authing calls = %.3f x relays", calls, (double) calls / count))
				.write();
			assertThat(delivered).as("relays delivered").isEqualTo(count);
			assertThat((double) calls).as("Authing calls for %d relays", count).isLessThanOrEqualTo(1.05 * count);
		}
	}

}
