package io.saoma.forwarder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow Authing (300 ms per answer) and a backlog: the relay consumers poll only as many
 * records as they can relay well within {@code max.poll.interval.ms} (scaled down to 6 s
 * here, as a relay timeout of 1 s), so no consumer is dropped from its group and no batch
 * is relayed again.
 */
class RelaySlowEndpointIT {

	private static final Logger logger = LoggerFactory.getLogger(RelaySlowEndpointIT.class);

	private static final int BACKLOG = 150;

	@Test
	void shouldRelayABacklogToASlowEndpointWithoutARedeliveryStorm() throws Exception {
		EmbeddedKraftBroker broker = ForwarderRuns.brokerWithEvents();
		try (AuthingStub authing = new AuthingStub();
				EventProducer pushes = new EventProducer(broker.bootstrapServers())) {
			authing.delay(Duration.ofMillis(300));
			List<String> sent = Scans.publishSafe(pushes, "demo", BACKLOG);
			long start = System.nanoTime();
			ConfigurableApplicationContext forwarder = ForwarderRuns.start(broker.bootstrapServers(), authing,
					"--forwarder.relay.timeout=1s", "--spring.kafka.consumer.properties[max.poll.interval.ms]=6000");
			try {
				await().atMost(Duration.ofSeconds(180)).until(() -> authing.delivered().keySet().containsAll(sent));
				long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
				Set<String> ours = Set.copyOf(sent);
				long calls = authing.all().stream().filter((request) -> ours.contains(request.eventId())).count();
				Map<String, Long> delivered = authing.delivered();
				long duplicates = sent.stream().mapToLong((id) -> delivered.get(id) - 1).sum();
				logger.info(
						"Slow endpoint (300 ms): {} relays, {} Authing calls ({} x), {} duplicates, all delivered "
								+ "in {} ms",
						BACKLOG, calls, String.format("%.3f", calls / (double) BACKLOG), duplicates, elapsed);
				assertThat(calls).as("no re-delivery storm").isLessThanOrEqualTo((long) Math.floor(BACKLOG * 1.05));
			}
			finally {
				forwarder.close();
			}
		}
	}

}
