package io.saoma.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scale-out while browsers wait: logins started at instance A with a browser each
 * following it over SSE at A, then instance B joins (the group rebalances and moves part
 * of the logins to B, while A keeps running), then every code is scanned. Every browser
 * receives its final status.
 * <p>
 * Guards issue 10's "browsers are stranded by a rebalance": a stream re-checks its
 * login's owner and, once another instance owns it, sends that owner's status and ends,
 * so the browser reconnects to the new owner.
 */
class ScaleOutStreamsIT {

	private static LoginStack stack;

	@BeforeAll
	static void start() {
		stack = LoginStack.startWithOneInstance(Map.of());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldBringEveryBrowserItsFinalStatusWhenItsLoginMovesToANewInstance() {
		long startedAt = System.nanoTime();
		int count = FaultSettings.size(60, 300);
		LoginClient client = new LoginClient();
		String apiA = stack.apis().get(0);
		List<LoginClient.Started> logins = Flux.range(0, count)
			.flatMapSequential((i) -> client.start(apiA, null), 8)
			.collectList()
			.block(Duration.ofSeconds(120));
		Set<String> loginIds = logins.stream().map(LoginClient.Started::loginId).collect(Collectors.toSet());
		try (BrowserStreams browsers = new BrowserStreams(List.of(apiA))) {
			logins.forEach((login) -> browsers.follow(login.loginId(), 0));
			await("every browser's stream open at A").atMost(Duration.ofSeconds(60))
				.until(() -> browsers.attached() == count);

			stack.startLoginB();
			await("both instances' Streams RUNNING after the scale-out").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> running(stack.loginA()) && running(stack.loginB()));

			Flux.fromIterable(logins)
				.flatMap((login) -> client.scan(stack.simulatorUrl(), login.qrContent()), 8)
				.then()
				.block(Duration.ofSeconds(300));
			Waits.holdsWithin("every browser's final status", Duration.ofSeconds(60),
					() -> browsers.finals().keySet().containsAll(loginIds));
			long decided = loginIds.stream().filter((id) -> browsers.finals().containsKey(id)).count();
			long results = LoginResults.byLogin(stack.topics(), count)
				.keySet()
				.stream()
				.filter(loginIds::contains)
				.count();
			new FaultSummary("Scale-out from 1 to 2 login processors while browsers (SSE) wait", count, "logins",
					decided, count - decided, 0, Duration.ofNanos(System.nanoTime() - startedAt),
					"browsers with their final status " + decided + "/" + count
							+ "; logins with a result on wechat.logins " + results + "/" + count)
				.write();
			assertThat(decided).as("browsers that received their final status").isEqualTo(count);
		}
	}

	private static boolean running(ServiceProcess instance) {
		String health = instance.health();
		return health != null && health.contains("\"state\":\"RUNNING\"");
	}

}
