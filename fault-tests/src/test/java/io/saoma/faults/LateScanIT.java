package io.saoma.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry decided by the scan's CreateTime, not by when the login processor gets to it. A
 * scan made in time (CreateTime before {@code expiresAt}) that the login processor gets
 * to only after {@code expiresAt} is SUCCEEDED; a scan made after {@code expiresAt} is
 * not. Two ways a scan is late: the processors are down (both instances killed with
 * SIGKILL, the scans pushed through the receiver meanwhile, the instances back after both
 * codes expired), or the push itself reaches the pipeline late (a WeChat retry, lag
 * before the receiver) while the processors run and sweep.
 * <p>
 * Guards issue 10's "expiry is decided by the processing clock": a pending ticket expires
 * only {@code login.expiry-grace} after {@code expiresAt + login.scan-clock-skew}, and a
 * task that starts after an outage sweeps nothing during its first grace, so its
 * backlog's in-time scans are matched first.
 */
class LateScanIT {

	private static LoginStack stack;

	@BeforeAll
	static void start() {
		stack = LoginStack.start(Map.of());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldDecideExpiryByTheScansCreateTimeWhenTheScanIsProcessedLate() {
		TwoLogins logins = TwoLogins.start(stack.apis().get(0), 12L, 2L);
		LoginClient.Started inTime = logins.inTime();
		LoginClient.Started late = logins.late();

		stack.loginA().kill();
		stack.loginB().kill();
		await("the late login's code expired").atMost(Duration.ofSeconds(10))
			.until(() -> Instant.now().isAfter(late.expiresAt().plusSeconds(1)));
		long now = Instant.now().getEpochSecond();
		assertThat(now).as("the in-time scan is made before its code expires")
			.isLessThan(inTime.expiresAt().getEpochSecond());
		assertThat(logins.pushes().scan(logins.lateTicket(), now)).as("the receiver takes the late scan")
			.isEqualTo("success");
		assertThat(logins.pushes().scan(logins.inTimeTicket(), now)).as("the receiver takes the in-time scan")
			.isEqualTo("success");
		// the processors are behind: they get to the scans only after both codes expired
		await("the in-time login's code expired").atMost(Duration.ofSeconds(30))
			.until(() -> Instant.now().isAfter(inTime.expiresAt().plusSeconds(2)));
		stack.loginA().restart();
		stack.loginB().restart();

		assertOnlyTheInTimeScanLogsIn(
				"Scans processed after expiresAt (both instances killed): one made in time, one late", logins, 2, 3);
	}

	@Test
	void shouldDecideExpiryByTheScansCreateTimeWhenThePushArrivesLate() {
		TwoLogins logins = TwoLogins.start(stack.apis().get(1), 3L, 3L);
		LoginClient.Started inTime = logins.inTime();
		LoginClient.Started late = logins.late();
		// both pushes reach the receiver 3 s after the codes expired, while the
		// processors run and sweep every second
		await("both codes expired 3 s ago").atMost(Duration.ofSeconds(15))
			.until(() -> Instant.now().isAfter(late.expiresAt().plusSeconds(3))
					&& Instant.now().isAfter(inTime.expiresAt().plusSeconds(3)));
		assertThat(logins.pushes().scan(logins.inTimeTicket(), inTime.expiresAt().getEpochSecond() - 1))
			.as("the receiver takes the in-time scan")
			.isEqualTo("success");
		assertThat(logins.pushes().scan(logins.lateTicket(), late.expiresAt().getEpochSecond() + 1))
			.as("the receiver takes the late scan")
			.isEqualTo("success");

		// the late scan is REJECTED at once (made after expiresAt + skew, 0 s here); its
		// ticket expires after the grace
		assertOnlyTheInTimeScanLogsIn(
				"Scan pushes reaching the pipeline 3 s after expiresAt: one made in time, one late", logins, 1000,
				1000);
	}

	/**
	 * Waits for results of both logins and writes the scenario's summary; then the
	 * in-time scan's login must have SUCCEEDED once and the late scan's login must have a
	 * result that is not SUCCEEDED.
	 * @param awaited how many results to wait for on {@code wechat.logins}
	 * @param read how many to read then (one more than expected catches a duplicate)
	 */
	private static void assertOnlyTheInTimeScanLogsIn(String scenario, TwoLogins logins, int awaited, int read) {
		LoginClient.Started inTime = logins.inTime();
		LoginClient.Started late = logins.late();
		Waits.holdsWithin("results of both logins", Duration.ofSeconds(90),
				() -> LoginResults.byLogin(stack.topics(), awaited)
					.keySet()
					.containsAll(List.of(inTime.loginId(), late.loginId())));
		Map<String, List<LoginResult>> results = LoginResults.byLogin(stack.topics(), read);
		List<LoginResult> inTimeResults = results.getOrDefault(inTime.loginId(), List.of());
		List<LoginResult> lateResults = results.getOrDefault(late.loginId(), List.of());
		long inTimeSucceeded = inTimeResults.stream().filter((r) -> r.getOutcome() == LoginOutcome.SUCCEEDED).count();
		long lateSucceeded = lateResults.stream().filter((r) -> r.getOutcome() == LoginOutcome.SUCCEEDED).count();
		new FaultSummary(scenario, 2, "scans", inTimeResults.size() + lateResults.size(),
				(inTimeResults.isEmpty() ? 1 : 0) + (lateResults.isEmpty() ? 1 : 0),
				Math.max(0, inTimeResults.size() - 1) + Math.max(0, lateResults.size() - 1),
				Duration.ofNanos(System.nanoTime() - logins.startedAtNanos()), "in time: " + outcomes(inTimeResults)
						+ " (want SUCCEEDED); late: " + outcomes(lateResults) + " (want no SUCCEEDED)")
			.write();
		assertThat(inTimeSucceeded).as("the in-time scan's login SUCCEEDED (results: %s)", outcomes(inTimeResults))
			.isEqualTo(1);
		assertThat(lateResults).as("the late scan's login has a result").isNotEmpty();
		assertThat(lateSucceeded).as("the late scan's login did not succeed (results: %s)", outcomes(lateResults))
			.isZero();
	}

	/**
	 * Two logins started on one instance, the first to be scanned in time, the second
	 * late, with their tickets as the login processor published them, the receiver to
	 * push their scans to, and when the scenario started ({@link System#nanoTime()}).
	 */
	private record TwoLogins(LoginClient.Started inTime, QrTicket inTimeTicket, LoginClient.Started late,
			QrTicket lateTicket, SignedPushes pushes, long startedAtNanos) {

		static TwoLogins start(String api, long inTimeTtlSeconds, long lateTtlSeconds) {
			long startedAt = System.nanoTime();
			LoginClient client = new LoginClient();
			LoginClient.Started inTime = client.start(api, inTimeTtlSeconds).block(Duration.ofSeconds(30));
			LoginClient.Started late = client.start(api, lateTtlSeconds).block(Duration.ofSeconds(30));
			return new TwoLogins(inTime, SignedPushes.ticketOf(stack.topics(), inTime.loginId()), late,
					SignedPushes.ticketOf(stack.topics(), late.loginId()), new SignedPushes(stack.receiverUrl()),
					startedAt);
		}

	}

	private static List<String> outcomes(List<LoginResult> results) {
		return results.stream()
			.map((r) -> r.getOutcome() + ((r.getReason() != null) ? " (" + r.getReason() + ")" : ""))
			.toList();
	}

}
