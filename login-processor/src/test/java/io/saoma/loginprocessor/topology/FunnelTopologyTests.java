package io.saoma.loginprocessor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FunnelTopologyTests {

	private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

	private static final FunnelSettings SETTINGS = new FunnelSettings(
			List.of(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofMinutes(1), 24);

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> tickets;

	private TestInputTopic<String, LoginResult> results;

	private TestOutputTopic<String, LoginFunnel> funnel;

	private int logins;

	@BeforeEach
	void setUp() throws Exception {
		StreamsBuilder builder = new StreamsBuilder();
		FunnelTopology.addTo(SETTINGS,
				builder.stream(Topics.QR_TICKETS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())),
				builder.stream(Topics.LOGINS.name(), Topics.LOGINS.consumed()));
		this.driver = TestDrivers.start(builder, "funnel-topology-tests", START);
		this.tickets = TestDrivers.rawInput(this.driver, Topics.QR_TICKETS, START);
		this.results = this.driver.createInputTopic(Topics.LOGINS.name(), Topics.LOGINS.keys().serializer(),
				Topics.LOGINS.values().serializer(), START, Duration.ZERO);
		this.funnel = TestDrivers.output(this.driver, Topics.LOGIN_FUNNEL);
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void shouldCountEachOutcomeInWindowsOfEachSize() {
		String first = start("main", at(5));
		String second = start("main", at(6));
		String third = start("main", at(7));
		String fourth = start("main", at(8));
		decide(succeeded(first, "main", at(5), at(15), true));
		decide(succeeded(second, "main", at(6), at(26), false));
		decide(result(third, "main", LoginOutcome.REJECTED, at(7), at(30), at(30)));
		decide(result(fourth, "main", LoginOutcome.EXPIRED, at(8), null, at(50)));

		Map<String, LoginFunnel> latest = this.funnel.readKeyValuesToMap();
		assertThat(latest).containsOnlyKeys("main/1m/2026-11-24T08:00:00Z", "main/1h/2026-11-24T08:00:00Z");
		for (LoginFunnel window : latest.values()) {
			assertCounts(window, 4, 3, 1, 1, 1, 1);
			assertThat(window.getAccount()).isEqualTo("main");
			assertThat(window.getWindowStart()).isEqualTo(START);
			assertThat(window.getTimeToScanCount()).isEqualTo(2);
			assertThat(window.getTimeToScanMaxMillis()).isEqualTo(20_000);
		}
		assertThat(latest.get("main/1m/2026-11-24T08:00:00Z").getWindowEnd()).isEqualTo(at(60));
		assertThat(latest.get("main/1h/2026-11-24T08:00:00Z").getWindowEnd())
			.isEqualTo(START.plus(Duration.ofHours(1)));
	}

	@Test
	void shouldKeepAccountsAndMinutesApartInMinuteWindowsAndTogetherInTheHour() {
		decide(succeeded(start("main", at(10)), "main", at(10), at(20), true));
		decide(succeeded(start("main", at(70)), "main", at(70), at(75), true));
		decide(succeeded(start("other", at(80)), "other", at(80), at(85), false));

		Map<String, LoginFunnel> latest = this.funnel.readKeyValuesToMap();
		assertThat(latest).containsOnlyKeys("main/1m/2026-11-24T08:00:00Z", "main/1m/2026-11-24T08:01:00Z",
				"main/1h/2026-11-24T08:00:00Z", "other/1m/2026-11-24T08:01:00Z", "other/1h/2026-11-24T08:00:00Z");
		assertCounts(latest.get("main/1m/2026-11-24T08:00:00Z"), 1, 1, 1, 0, 0, 0);
		assertCounts(latest.get("main/1m/2026-11-24T08:01:00Z"), 1, 1, 1, 0, 0, 0);
		assertCounts(latest.get("main/1h/2026-11-24T08:00:00Z"), 2, 2, 2, 0, 0, 0);
		assertCounts(latest.get("other/1h/2026-11-24T08:00:00Z"), 1, 1, 0, 1, 0, 0);
		assertThat(windows("login-funnel-1m", "main")).containsExactly(START, at(60));
	}

	@Test
	void shouldCountALateScanWithinTheGraceAndDropItAfter() {
		String early = start("main", at(10));
		String late = start("main", at(20));
		// stream time 08:01:30: the 08:00 minute ended 30 s ago, its grace lasts until
		// 08:02
		start("main", at(90));
		decide(succeeded(early, "main", at(10), at(40), true));
		assertCounts(latest("main/1m/2026-11-24T08:00:00Z"), 2, 1, 1, 0, 0, 0);

		// stream time 08:02:30: the 08:00 minute is closed, the hour is not
		start("main", at(150));
		this.funnel.readKeyValuesToList();
		decide(result(late, "main", LoginOutcome.REJECTED, at(20), at(50), at(151)));

		Map<String, LoginFunnel> updates = this.funnel.readKeyValuesToMap();
		assertThat(updates).as("only the hour counts the scan that came after the minute's grace")
			.containsOnlyKeys("main/1h/2026-11-24T08:00:00Z");
		assertThat(updates.get("main/1h/2026-11-24T08:00:00Z").getRejected()).isEqualTo(1);
		LoginFunnel minute = storedWindow("login-funnel-1m", "main", START);
		assertThat(minute.getRejected()).isZero();
		assertThat(minute.getSucceeded()).isEqualTo(1);
	}

	@Test
	void shouldNeverPutAScanAfterItsDecisionWhateverWechatsClockSays() {
		String login = start("main", at(10));
		decide(succeeded(login, "main", at(10), START.plus(Duration.ofDays(1)), true, at(12)));

		LoginFunnel minute = latest("main/1m/2026-11-24T08:00:00Z");
		assertThat(minute.getSucceeded()).isEqualTo(1);
		assertThat(minute.getTimeToScanMaxMillis()).isEqualTo(2_000);
	}

	@Test
	void shouldComputeTimeToScanPercentilesFromTheBuckets() {
		long[] seconds = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 100 };
		for (long second : seconds) {
			decide(succeeded("login-" + second, "main", START, at(second), true));
		}

		LoginFunnel minute = storedWindow("login-funnel-1h", "main", START);
		assertThat(minute.getTimeToScanCount()).isEqualTo(10);
		assertThat(minute.getTimeToScanBuckets()).startsWith(1L, 1L, 1L, 2L, 2L, 2L).hasSize(FunnelHistogram.BUCKETS);
		assertThat(minute.getTimeToScanBuckets().get(FunnelHistogram.bucketOf(100_000))).isEqualTo(1);
		assertThat(minute.getTimeToScanP50Millis()).as("the 5th of 10 is in the bucket up to 5 s").isEqualTo(5_000);
		assertThat(minute.getTimeToScanP90Millis()).as("the 9th is in the bucket up to 10 s").isEqualTo(10_000);
		assertThat(minute.getTimeToScanP99Millis()).as("the 10th is in the bucket up to 120 s, capped at the max")
			.isEqualTo(100_000);
		assertThat(minute.getTimeToScanMaxMillis()).isEqualTo(100_000);
		assertThat(minute.getTimeToScanBucketBoundsMillis()).isEqualTo(FunnelHistogram.BOUNDS_MILLIS);
	}

	@Test
	void shouldCountNoStepForTombstonesUndecodableTicketsOrUnknownOutcomes() {
		this.tickets.pipeInput("TICKET-0", null);
		this.tickets.pipeInput("TICKET-X", new byte[] { 1, 2, 3 });
		decide(result("login-u", "main", LoginOutcome.UNKNOWN, at(1), null, at(2)));
		assertThat(this.funnel.isEmpty()).isTrue();
		start("main", at(3));
		assertCounts(latest("main/1m/2026-11-24T08:00:00Z"), 1, 0, 0, 0, 0, 0);
	}

	@Test
	void shouldCountTheLoginsTheLoginTopologyDecides() throws Exception {
		this.driver.close();
		StreamsBuilder builder = new StreamsBuilder();
		LoginTopology.addTo(builder,
				LoginTopologySettings.of(3, Duration.ofMinutes(6), Duration.ofSeconds(10), Duration.ofMinutes(10),
						Duration.ofSeconds(1)),
				SETTINGS, new MatcherMetrics(new SimpleMeterRegistry()), (loginId, status) -> {
				});
		this.driver = TestDrivers.start(builder, "funnel-login-topology-tests", START);
		this.funnel = TestDrivers.output(this.driver, Topics.LOGIN_FUNNEL);
		QrTicket ticket = LoginTopologyTests.ticket("login-1", "scene-1", "TICKET-1");
		TestDrivers.rawInput(this.driver, Topics.QR_TICKETS, START)
			.pipeInput(ticket.getTicket(), AvroSerdes.qrTicket().encode(ticket));
		// the matcher decides on its wall clock, a moment after the scan
		this.driver.advanceWallClockTime(Duration.ofSeconds(13));
		TestDrivers.rawInput(this.driver, Topics.WECHAT_EVENTS, START)
			.pipeInput("key",
					AvroSerdes.wechatEvent()
						.encode(LoginTopologyTests.subscribe("user-1", "qrscene_scene-1", "TICKET-1",
								START.getEpochSecond() + 12)));

		LoginFunnel minute = latest("main/1m/2026-11-24T08:00:00Z");
		assertCounts(minute, 1, 1, 1, 0, 0, 0);
		assertThat(minute.getTimeToScanMaxMillis()).isEqualTo(12_000);
	}

	@Test
	void shouldNameEveryNodeAndStoreOfTheFunnel() {
		StreamsBuilder builder = new StreamsBuilder();
		LoginTopology.addTo(builder,
				LoginTopologySettings.of(3, Duration.ofMinutes(6), Duration.ofSeconds(10), Duration.ofMinutes(10),
						Duration.ofSeconds(1)),
				SETTINGS, new MatcherMetrics(new SimpleMeterRegistry()), (loginId, status) -> {
				});
		String description = builder.build().describe().toString();
		assertThat(description).doesNotContain("KSTREAM-")
			.doesNotContain("KTABLE-")
			.contains("funnel-by-account-repartition", "login-funnel-1m", "login-funnel-1h", "funnel-1m-sink");
	}

	private String start(String account, Instant createdAt) {
		String loginId = "login-" + (++this.logins);
		QrTicket ticket = new QrTicket(loginId, account, "wx1", "scene-" + loginId, "TICKET-" + loginId,
				"http://weixin.qq.com/q/T", createdAt, createdAt.plusSeconds(300), null);
		this.tickets.pipeInput(ticket.getTicket(), AvroSerdes.qrTicket().encode(ticket));
		return loginId;
	}

	private void decide(LoginResult result) {
		this.results.pipeInput(result.getLoginId(), result);
	}

	private static LoginResult succeeded(String loginId, String account, Instant createdAt, Instant scannedAt,
			boolean newFollower) {
		return succeeded(loginId, account, createdAt, scannedAt, newFollower, scannedAt.plusMillis(100));
	}

	private static LoginResult succeeded(String loginId, String account, Instant createdAt, Instant scannedAt,
			boolean newFollower, Instant decidedAt) {
		LoginResult result = result(loginId, account, LoginOutcome.SUCCEEDED, createdAt, scannedAt, decidedAt);
		result.setNewFollower(newFollower);
		return result;
	}

	private static LoginResult result(String loginId, String account, LoginOutcome outcome, Instant createdAt,
			Instant scannedAt, Instant decidedAt) {
		return new LoginResult(loginId, account, "wx1", outcome, (scannedAt != null) ? "o-" + loginId : null, false,
				"scene", "TICKET-" + loginId, createdAt, createdAt.plusSeconds(300), scannedAt, decidedAt, null, null);
	}

	private static Instant at(long secondsAfterStart) {
		return START.plusSeconds(secondsAfterStart);
	}

	private LoginFunnel latest(String key) {
		Map<String, LoginFunnel> latest = this.funnel.readKeyValuesToMap();
		assertThat(latest).containsKey(key);
		return latest.get(key);
	}

	private LoginFunnel storedWindow(String store, String account, Instant start) {
		WindowStore<String, LoginFunnel> windows = this.driver.getWindowStore(store);
		return windows.fetch(account, start.toEpochMilli());
	}

	private List<Instant> windows(String store, String account) {
		WindowStore<String, LoginFunnel> windows = this.driver.getWindowStore(store);
		List<Instant> starts = new java.util.ArrayList<>();
		try (WindowStoreIterator<LoginFunnel> found = windows.fetch(account, START.minusSeconds(3600),
				START.plusSeconds(3600))) {
			found.forEachRemaining((window) -> starts.add(Instant.ofEpochMilli(window.key)));
		}
		return starts;
	}

	private static void assertCounts(LoginFunnel window, long started, long scanned, long newFollowers,
			long existingFollowers, long rejected, long expired) {
		assertThat(window.getStarted()).as("started").isEqualTo(started);
		assertThat(window.getScanned()).as("scanned").isEqualTo(scanned);
		assertThat(window.getSucceededNewFollowers()).as("new followers").isEqualTo(newFollowers);
		assertThat(window.getSucceededExistingFollowers()).as("existing followers").isEqualTo(existingFollowers);
		assertThat(window.getSucceeded()).as("succeeded").isEqualTo(newFollowers + existingFollowers);
		assertThat(window.getRejected()).as("rejected").isEqualTo(rejected);
		assertThat(window.getExpired()).as("expired").isEqualTo(expired);
	}

}
