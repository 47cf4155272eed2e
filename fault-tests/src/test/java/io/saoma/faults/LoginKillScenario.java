package io.saoma.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Logins in flight while one of two login processor instances is killed with SIGKILL and
 * restarted: logins started at both instances in turn, their QR codes scanned by the
 * simulator's phone (WeChat pushes each scan, signed, to the receiver), instance A killed
 * once half of the scans went through, and started again at once while the rest are
 * scanned. Optionally a browser per login follows it over SSE, attached to both instances
 * in turn. Afterwards: the results on {@code wechat.logins} (read_committed), what the
 * browsers received, and each code redeemed twice (at one instance, then at the other).
 */
final class LoginKillScenario {

	private static final Logger log = LoggerFactory.getLogger(LoginKillScenario.class);

	private static final int CONCURRENCY = 16;

	private final LoginStack stack;

	private final LoginClient client = new LoginClient();

	LoginKillScenario(LoginStack stack) {
		this.stack = stack;
	}

	Outcome run(int count, boolean browsers) {
		long startedAt = System.nanoTime();
		List<String> apis = this.stack.apis();
		List<LoginClient.Started> logins = Flux.range(0, count)
			.flatMapSequential((i) -> this.client.start(apis.get(i % 2), null), CONCURRENCY)
			.collectList()
			.block(Duration.ofSeconds(300));
		log.info("{} logins started at both instances", logins.size());
		try (BrowserStreams streams = new BrowserStreams(apis)) {
			if (browsers) {
				for (int i = 0; i < logins.size(); i++) {
					streams.follow(logins.get(i).loginId(), i % 2);
				}
			}
			AtomicInteger scanned = new AtomicInteger();
			CompletableFuture<Void> killAndRestart = new CompletableFuture<>();
			Flux.fromIterable(logins)
				.flatMap((login) -> this.client.scan(this.stack.simulatorUrl(), login.qrContent()), CONCURRENCY)
				.doOnNext((answer) -> {
					if (scanned.incrementAndGet() == count / 2) {
						CompletableFuture.runAsync(() -> {
							this.stack.loginA().kill();
							this.stack.loginA().restart();
						}).whenComplete((done, ex) -> {
							if (ex != null) {
								killAndRestart.completeExceptionally(ex);
							}
							else {
								killAndRestart.complete(null);
							}
						});
					}
				})
				.then()
				.block(Duration.ofSeconds(600));
			killAndRestart.join();
			log.info("{} scans pushed; instance A killed after {} and restarted", scanned.get(), count / 2);

			Set<String> loginIds = logins.stream().map(LoginClient.Started::loginId).collect(Collectors.toSet());
			Waits.holdsWithin("a result for every login on wechat.logins", Duration.ofSeconds(180),
					() -> LoginResults.byLogin(this.stack.topics(), count).keySet().containsAll(loginIds));
			Map<String, List<LoginResult>> results = LoginResults.byLogin(this.stack.topics(), count + 1);
			if (browsers) {
				Waits.holdsWithin("every browser's final status", Duration.ofSeconds(120),
						() -> streams.finals().keySet().containsAll(loginIds));
			}
			Map<String, Map<String, Object>> finals = streams.finals();
			Redemptions redemptions = redeemEach(logins, finals);
			return new Outcome(count, loginIds, results, finals, streams.reconnects(), redemptions,
					Duration.ofNanos(System.nanoTime() - startedAt));
		}
	}

	/**
	 * Redeems each login's code at one instance (with an {@code Idempotency-Key} kept
	 * across its retries, as a site does), then again at the other (another request: no
	 * key).
	 */
	private Redemptions redeemEach(List<LoginClient.Started> logins, Map<String, Map<String, Object>> finals) {
		List<String> apis = this.stack.apis();
		AtomicInteger withCode = new AtomicInteger();
		Map<Integer, AtomicInteger> firstStatuses = new ConcurrentSkipListMap<>();
		Map<Integer, AtomicInteger> secondStatuses = new ConcurrentSkipListMap<>();
		Flux.range(0, logins.size()).flatMap((i) -> {
			LoginClient.Started login = logins.get(i);
			Map<String, Object> known = finals.get(login.loginId());
			return ((known != null && known.get("code") != null) ? reactor.core.publisher.Mono.just(known)
					: this.client.status(apis.get(i % 2), login.loginId()))
				.mapNotNull((status) -> (String) status.get("code"))
				.flatMap((code) -> {
					withCode.incrementAndGet();
					return this.client.redeem(apis.get(i % 2), code, UUID.randomUUID().toString())
						.doOnNext((status) -> count(status, firstStatuses))
						.then(this.client.redeem(apis.get((i + 1) % 2), code, null))
						.doOnNext((status) -> count(status, secondStatuses));
				});
		}, CONCURRENCY).then().block(Duration.ofSeconds(600));
		return new Redemptions(withCode.get(), snapshot(firstStatuses), snapshot(secondStatuses));
	}

	private static void count(int status, Map<Integer, AtomicInteger> statuses) {
		statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
	}

	private static Map<Integer, Integer> snapshot(Map<Integer, AtomicInteger> statuses) {
		Map<Integer, Integer> copy = new TreeMap<>();
		statuses.forEach((status, count) -> copy.put(status, count.get()));
		return copy;
	}

	/**
	 * @param withCode logins whose code the site could get (from the browser's stream or
	 * the status API)
	 * @param firstStatuses how many first redemptions ended with each HTTP status
	 * @param secondStatuses how many second redemptions (at the other instance) ended
	 * with each HTTP status
	 */
	record Redemptions(int withCode, Map<Integer, Integer> firstStatuses, Map<Integer, Integer> secondStatuses) {

		/**
		 * First redemptions answered 200.
		 * @return their number
		 */
		int firstAccepted() {
			return this.firstStatuses.getOrDefault(200, 0);
		}

		/**
		 * Second redemptions answered 200: each one a code redeemed twice.
		 * @return their number
		 */
		int secondAccepted() {
			return this.secondStatuses.getOrDefault(200, 0);
		}

	}

	/**
	 * What the scenario found.
	 *
	 * @param count logins started and scanned
	 * @param loginIds their ids
	 * @param results the results on {@code wechat.logins} per login
	 * @param finals the decided status each browser received
	 * @param reconnects how often browsers reconnected
	 * @param redemptions the redemptions
	 * @param duration how long it took
	 */
	record Outcome(int count, Set<String> loginIds, Map<String, List<LoginResult>> results,
			Map<String, Map<String, Object>> finals, int reconnects, Redemptions redemptions, Duration duration) {

		long withOneSuccess() {
			return this.loginIds.stream()
				.filter((id) -> this.results.getOrDefault(id, List.of()).size() == 1
						&& this.results.get(id).get(0).getOutcome() == LoginOutcome.SUCCEEDED)
				.count();
		}

		long lost() {
			return this.loginIds.stream().filter((id) -> !this.results.containsKey(id)).count();
		}

		long duplicated() {
			return this.loginIds.stream()
				.mapToLong((id) -> Math.max(0, this.results.getOrDefault(id, List.of()).size() - 1))
				.sum();
		}

		long browsersDecided() {
			return this.loginIds.stream()
				.filter((id) -> this.finals.containsKey(id) && "SUCCEEDED".equals(this.finals.get(id).get("status")))
				.count();
		}

		Map<String, Long> outcomes() {
			return this.loginIds.stream()
				.flatMap((id) -> this.results.getOrDefault(id, List.of()).stream())
				.collect(Collectors.groupingBy((result) -> result.getOutcome().name(), Collectors.counting()));
		}

	}

}
