package io.saoma.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two accounts, two Authing connections; account {@code alpha}'s endpoint down (503) for
 * a while (25 s here, 2 minutes with {@code -Dfaults.full=true}) while both accounts keep
 * scanning, 5 pushes a second each: account {@code beta}'s relays keep the latency they
 * had before the outage, and after recovery every relay of {@code alpha} is delivered.
 * <p>
 * Guards issue 10's "one account's outage stops every account": an open circuit sets the
 * account's relays aside in its waiting topic instead of holding the consumer thread.
 */
class AccountOutageIT {

	private static final Logger log = LoggerFactory.getLogger(AccountOutageIT.class);

	private static final Duration PERIOD = Duration.ofMillis(200);

	@RegisterExtension
	static final ServicesBroker broker = new ServicesBroker();

	@Test
	void shouldKeepTheOtherAccountsLatencyWhileOneEndpointIsDownAndDeliverEverythingAfterwards() {
		int baselinePairs = 25;
		int outagePairs = FaultSettings.size(125, 600);
		long startedAt = System.nanoTime();
		Map<String, Instant> sentAt = new ConcurrentHashMap<>();
		Set<String> alpha = ConcurrentHashMap.newKeySet();
		List<String> betaBefore = java.util.Collections.synchronizedList(new ArrayList<>());
		List<String> betaDuring = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger pairs = new AtomicInteger();
		ScheduledExecutorService scanning = Executors.newSingleThreadScheduledExecutor();
		try (AuthingEndpoint authing = new AuthingEndpoint();
				EventPushes pushes = broker.pushes();
				ServiceProcess forwarder = broker.services()
					.forwarder("forwarder-outage",
							Map.of("alpha", authing.eventsUrl("alpha"), "beta", authing.eventsUrl("beta")),
							Map.of("forwarder.relay.timeout", "1s"))) {
			// the consumers have their partitions and the connections are open before the
			// baseline is measured
			Set<String> warmUp = Set.of(pushes.send("alpha"), pushes.send("beta"));
			pushes.flush();
			await("the first relays of both accounts").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> authing.deliveredOf(warmUp) == warmUp.size());
			scanning.scheduleAtFixedRate(() -> {
				int pair = pairs.incrementAndGet();
				if (pair > baselinePairs + outagePairs) {
					return;
				}
				String a = pushes.send("alpha");
				String b = pushes.send("beta");
				pushes.flush();
				Instant now = Instant.now();
				sentAt.put(a, now);
				sentAt.put(b, now);
				alpha.add(a);
				(pair <= baselinePairs ? betaBefore : betaDuring).add(b);
				if (pair == baselinePairs) {
					authing.down("alpha", true);
				}
			}, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);

			await("the outage's scans sent").atMost(Duration.ofSeconds(60 + (long) (outagePairs * 0.4)))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> pairs.get() >= baselinePairs + outagePairs);
			scanning.shutdown();
			// beta's relays made during the outage have had the time of a normal relay to
			// arrive
			Waits.holdsWithin("beta's relays during the outage", Duration.ofSeconds(10),
					() -> authing.deliveredOf(Set.copyOf(betaDuring)) == betaDuring.size());
			List<Long> before = latencies(authing, sentAt, betaBefore);
			List<Long> during = latencies(authing, sentAt, betaDuring);
			authing.down("alpha", false);
			Instant recovered = Instant.now();
			Waits.holdsWithin("every relay of both accounts after recovery", Duration.ofSeconds(120),
					() -> authing.deliveredOf(alpha) == alpha.size()
							&& authing.deliveredOf(Set.copyOf(betaDuring)) == betaDuring.size());
			Duration recovery = Duration.between(recovered, Instant.now());

			long delivered = authing.deliveredOf(alpha) + authing.deliveredOf(Set.copyOf(betaBefore))
					+ authing.deliveredOf(Set.copyOf(betaDuring));
			long in = alpha.size() + betaBefore.size() + betaDuring.size();
			String note = String.format(Locale.ROOT,
					"alpha down %.0f s; beta latency p95 %s before, %s during (max %s); all drained %.1f s after recovery",
					outagePairs * PERIOD.toMillis() / 1000.0, millis(p95(before)), millis(p95(during)),
					millis(max(during)), recovery.toMillis() / 1000.0);
			new FaultSummary("Two accounts, one Authing endpoint down", in, "relays", delivered, in - delivered,
					authing.duplicatesOf(alpha), Duration.ofNanos(System.nanoTime() - startedAt), note)
				.write();
			assertThat(p95(during)).as("beta's p95 latency during alpha's outage (ms)")
				.isLessThanOrEqualTo(Math.min(p95(before), Long.MAX_VALUE - 1000) + 1000);
			assertThat(authing.deliveredOf(Set.copyOf(betaDuring)))
				.as("beta's relays made during the outage, delivered")
				.isEqualTo(betaDuring.size());
			assertThat(authing.deliveredOf(alpha)).as("alpha's relays delivered after recovery")
				.isEqualTo(alpha.size());
		}
		finally {
			scanning.shutdownNow();
		}
	}

	private static List<Long> latencies(AuthingEndpoint authing, Map<String, Instant> sentAt, List<String> pushIds) {
		Map<String, Instant> firstDelivery = new java.util.HashMap<>();
		authing.calls()
			.stream()
			.filter((call) -> call.status() == 200 && call.pushId() != null)
			.forEach((call) -> firstDelivery.merge(call.pushId(), call.at(), (x, y) -> x.isBefore(y) ? x : y));
		List<Long> latencies = new ArrayList<>();
		synchronized (pushIds) {
			for (String id : pushIds) {
				Instant delivered = firstDelivery.get(id);
				latencies
					.add((delivered != null) ? Duration.between(sentAt.get(id), delivered).toMillis() : Long.MAX_VALUE);
			}
		}
		latencies.sort(null);
		log.info("Latencies (ms): {}", latencies);
		return latencies;
	}

	private static long p95(List<Long> sorted) {
		return sorted.isEmpty() ? 0
				: sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
	}

	private static String millis(long latency) {
		return (latency == Long.MAX_VALUE) ? "not delivered within 10 s" : latency + " ms";
	}

	private static long max(List<Long> sorted) {
		return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
	}

}
