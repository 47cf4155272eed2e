package io.saoma.forwarder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarder restarted while it relays a stream: what it had not relayed yet is
 * relayed by the next run, so nothing is lost; what it relayed but had not committed may
 * be relayed twice, and is counted.
 */
class RelayRestartIT {

	private static final Logger logger = LoggerFactory.getLogger(RelayRestartIT.class);

	@Test
	void shouldLoseNothingWhenTheForwarderIsRestartedMidStream() throws Exception {
		EmbeddedKraftBroker broker = ForwarderRuns.brokerWithEvents();
		try (AuthingStub authing = new AuthingStub();
				EventProducer pushes = new EventProducer(broker.bootstrapServers())) {
			// ~100 relays/s (two in flight, 20 ms each), so that the stop comes
			// mid-stream
			authing.delay(Duration.ofMillis(20));
			List<String> sent = Scans.publishSafe(pushes, "demo", 1000);

			ConfigurableApplicationContext first = ForwarderRuns.start(broker.bootstrapServers(), authing,
					"--spring.kafka.consumer.max-poll-records=20", "--forwarder.relay.in-flight=2");
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> delivered(authing, sent) >= 300);
			}
			finally {
				first.close();
			}
			long beforeRestart = delivered(authing, sent);
			assertThat(beforeRestart).as("stopped mid-stream").isLessThan(1000);

			ConfigurableApplicationContext second = ForwarderRuns.start(broker.bootstrapServers(), authing,
					"--spring.kafka.consumer.max-poll-records=20", "--forwarder.relay.in-flight=2");
			try {
				await().atMost(Duration.ofSeconds(120)).until(() -> delivered(authing, sent) == 1000);
			}
			finally {
				second.close();
			}
			Map<String, Long> delivered = authing.delivered();
			long duplicates = sent.stream().mapToLong((id) -> delivered.get(id) - 1).sum();
			logger.info("Restart: 1000 pushes, {} relayed before the restart, all delivered, {} duplicates",
					beforeRestart, duplicates);
			assertThat(sent).allMatch(delivered::containsKey);
		}
	}

	private static long delivered(AuthingStub authing, List<String> sent) {
		Map<String, Long> delivered = authing.delivered();
		return sent.stream().filter(delivered::containsKey).count();
	}

}
