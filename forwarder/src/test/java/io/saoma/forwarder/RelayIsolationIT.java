package io.saoma.forwarder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two accounts on two Authing endpoints: while account {@code demo}'s endpoint answers
 * 503, account {@code other}'s relays keep their usual latency, and once {@code demo}'s
 * endpoint is back every one of its relays is delivered. The outage lasts
 * {@code -Dsaoma.relay.outage=PT20S} (the long variant: {@code PT2M}).
 */
class RelayIsolationIT {

	private static final Logger logger = LoggerFactory.getLogger(RelayIsolationIT.class);

	private static final Duration OUTAGE = Duration.parse(System.getProperty("saoma.relay.outage", "PT20S"));

	private static final Duration PACE = Duration.ofMillis(200);

	@Test
	void shouldKeepRelayingOneAccountAtItsUsualLatencyWhileAnothersEndpointIsDown() throws Exception {
		EmbeddedKraftBroker broker = ForwarderRuns.brokerWithEvents();
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		try (AuthingStub down = new AuthingStub();
				AuthingStub healthy = new AuthingStub();
				EventProducer pushes = new EventProducer(broker.bootstrapServers())) {
			ConfigurableApplicationContext forwarder = ForwarderRuns.start(broker.bootstrapServers(), down,
					"--forwarder.accounts.other.events-url=" + healthy.eventsUrl("wx-other"));
			try {
				Map<String, Instant> sentAt = new ConcurrentHashMap<>();
				// the usual latency: both endpoints up
				List<String> baseline = sendPaced(sender, pushes, sentAt, "other", 25, null);
				await().atMost(Duration.ofSeconds(60)).until(() -> healthy.delivered().keySet().containsAll(baseline));
				Latency usual = Latency.of(healthy, baseline, sentAt);

				down.down(true);
				int pairs = (int) (OUTAGE.toMillis() / PACE.toMillis());
				List<String> sentToDown = new CopyOnWriteArrayList<>();
				List<String> duringOutage = sendPaced(sender, pushes, sentAt, "other", pairs, sentToDown);
				await().atMost(OUTAGE.plusSeconds(60))
					.until(() -> sentToDown.size() == pairs && healthy.delivered().keySet().containsAll(duringOutage));
				Latency outage = Latency.of(healthy, duringOutage, sentAt);
				String health = actuator(forwarder, "/actuator/health");
				String metrics = actuator(forwarder, "/actuator/prometheus");
				long failedCalls = down.failed();
				down.down(false);
				Instant recovered = Instant.now();

				await().atMost(Duration.ofSeconds(120)).until(() -> down.delivered().keySet().containsAll(sentToDown));
				Map<String, Long> delivered = down.delivered();
				long duplicates = sentToDown.stream().mapToLong((id) -> delivered.get(id) - 1).sum();
				Instant lastDelivery = down.all().stream().map(AuthingStub.Received::at).max(Instant::compareTo).get();
				logger.info("Isolation ({} outage): other account usual latency p50 {} ms max {} ms; during the outage "
						+ "{} relays, p50 {} ms max {} ms. Down account: {} relays, {} failed calls while down, all "
						+ "delivered, {} duplicates, the last {} ms after the endpoint came back", OUTAGE, usual.p50(),
						usual.max(), duringOutage.size(), outage.p50(), outage.max(), sentToDown.size(), failedCalls,
						duplicates, Duration.between(recovered, lastDelivery).toMillis());

				assertThat(outage.max()).as("the healthy account's relays are not held up").isLessThan(3000);
				assertThat(outage.p50()).isLessThan(Math.max(500, usual.p50() * 3));
				assertThat(health).contains("\"status\":\"DEGRADED\"")
					.contains("\"demo\":{\"circuit\":\"")
					.contains("\"other\":{\"circuit\":\"CLOSED\"")
					.doesNotContain("127.0.0.1")
					.doesNotContain("wx-demo");
				assertThat(metrics)
					.containsPattern("resilience4j_circuitbreaker_state\\{name=\"demo\",state=\"closed\"\\} 0")
					.containsPattern("resilience4j_circuitbreaker_state\\{name=\"other\",state=\"closed\"\\} 1")
					.contains("forwarder_relay_total{account=\"demo\",outcome=\"set_aside\"}");
				assertThat(failedCalls).as("the circuit keeps the outage from becoming a retry storm")
					.isLessThan(pairs / 2);
				assertThat(sentToDown).allMatch(delivered::containsKey);
			}
			finally {
				forwarder.close();
			}
		}
		finally {
			sender.shutdownNow();
		}
	}

	/**
	 * Sends a push of the account every {@link #PACE}, and one of {@code demo} with each
	 * when asked.
	 * @return the event ids of the account's pushes
	 */
	private static List<String> sendPaced(ScheduledExecutorService sender, EventProducer pushes,
			Map<String, Instant> sentAt, String account, int count, List<String> demoIds) {
		List<String> ids = new CopyOnWriteArrayList<>();
		var task = sender.scheduleAtFixedRate(() -> {
			if (ids.size() >= count) {
				return;
			}
			var push = Scans.safe(account);
			sentAt.put(push.getEventId(), Instant.now());
			String id = pushes.send(push).getEventId();
			if (demoIds != null) {
				demoIds.add(pushes.send(Scans.safe("demo")).getEventId());
			}
			pushes.flush();
			ids.add(id);
		}, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
		await().atMost(PACE.multipliedBy(count).plusSeconds(30)).until(() -> ids.size() >= count);
		task.cancel(false);
		return new ArrayList<>(ids);
	}

	private static String actuator(ConfigurableApplicationContext forwarder, String path) {
		return WebClient.builder()
			.baseUrl(RelayIT.management(forwarder))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.build()
			.get()
			.uri(path)
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	/** Milliseconds from the send of a push to its first successful delivery. */
	record Latency(long p50, long max) {

		static Latency of(AuthingStub authing, List<String> ids, Map<String, Instant> sentAt) {
			Map<String, Instant> firstDelivery = new ConcurrentHashMap<>();
			for (AuthingStub.Received received : authing.all()) {
				if (received.status() == 200 && received.eventId() != null) {
					firstDelivery.putIfAbsent(received.eventId(), received.at());
				}
			}
			long[] millis = ids.stream()
				.mapToLong((id) -> Duration.between(sentAt.get(id), firstDelivery.get(id)).toMillis())
				.sorted()
				.toArray();
			return new Latency(millis[millis.length / 2], millis[millis.length - 1]);
		}

	}

}
