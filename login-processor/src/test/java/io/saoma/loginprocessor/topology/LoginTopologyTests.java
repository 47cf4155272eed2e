package io.saoma.loginprocessor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LoginTopologyTests {

	private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

	static final String APP_ID = "wxba5fad812f8e6fb9";

	/**
	 * The dedup retention is login.dedup-retention's default, which covers the receiver's
	 * 300 s replay window; a ticket expires 2 s (skew) + 10 s (grace) after its
	 * expiresAt.
	 */
	private static final LoginTopologySettings SETTINGS = new LoginTopologySettings(3, Duration.ofMinutes(6),
			Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(2),
			Duration.ofSeconds(10), 1000);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<KeyValue<String, LoginStatus>> notified = new ArrayList<>();

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> events;

	private TestInputTopic<String, byte[]> tickets;

	private TestOutputTopic<String, LoginResult> logins;

	private TestOutputTopic<String, LoginStatus> status;

	private TestOutputTopic<String, byte[]> ticketTopic;

	private TestOutputTopic<String, byte[]> deadLetters;

	@BeforeEach
	void setUp() throws Exception {
		start(SETTINGS);
	}

	private void restart(LoginTopologySettings settings) throws Exception {
		this.driver.close();
		start(settings);
	}

	private void start(LoginTopologySettings settings) throws Exception {
		this.driver = TestDrivers.start(
				(builder) -> LoginTopology.addTo(builder, settings, new MatcherMetrics(this.registry),
						(loginId, value) -> this.notified.add(KeyValue.pair(loginId, value))),
				"login-topology-tests", START);
		this.events = TestDrivers.rawInput(this.driver, Topics.WECHAT_EVENTS, START);
		this.tickets = TestDrivers.rawInput(this.driver, Topics.QR_TICKETS, START);
		this.logins = TestDrivers.output(this.driver, Topics.LOGINS);
		this.status = TestDrivers.output(this.driver, Topics.LOGIN_STATUS);
		this.ticketTopic = TestDrivers.rawOutput(this.driver, Topics.QR_TICKETS);
		this.deadLetters = TestDrivers.deadLetters(this.driver);
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void shouldLogInTheNewFollowerOfASubscribeThroughTheQrCode() {
		QrTicket ticket = pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(subscribe("user-1", "qrscene_scene-1", "TICKET-1", 1000));

		LoginResult result = onlyLogin();
		assertThat(result.getLoginId()).isEqualTo("login-1");
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getOpenId()).isEqualTo("user-1");
		assertThat(result.getNewFollower()).isTrue();
		assertThat(result.getScene()).isEqualTo("scene-1");
		assertThat(result.getExpiresAt()).isEqualTo(ticket.getExpiresAt());
		assertThat(result.getScannedAt()).isEqualTo(Instant.ofEpochSecond(1000));
		List<LoginStatus> states = this.status.readValuesToList();
		assertThat(states.get(0).getQrContent()).as("the API renders the QR image from it")
			.isEqualTo(ticket.getQrContent())
			.isNotBlank();
		assertThat(states).extracting(LoginStatus::getState).containsExactly(LoginState.PENDING, LoginState.SUCCEEDED);
		assertThat(states.get(1).getCode()).startsWith("login-1.").hasSize("login-1.".length() + 32);
		assertThat(states.get(1).getOpenId()).isEqualTo("user-1");
		assertThat(this.ticketTopic.readKeyValuesToList()).containsExactly(KeyValue.pair("TICKET-1", null));
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNull();
	}

	@Test
	void shouldLogInAnExistingFollowerWhoScans() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		LoginResult result = onlyLogin();
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getNewFollower()).isFalse();
	}

	@Test
	void shouldStripTheQrscenePrefixExactlyOnce() {
		pipe(ticket("login-1", "qrscene_a_b", "TICKET-1"));
		pipe(subscribe("user-1", "qrscene_qrscene_a_b", "TICKET-1", 1000));
		pipe(ticket("login-2", "x_qrscene_y", "TICKET-2"));
		pipe(scan("user-2", "x_qrscene_y", "TICKET-2", 1000));
		assertThat(this.logins.readValuesToList()).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.SUCCEEDED, LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldIgnorePushesThatCannotLogAnyoneIn() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(subscribe("user-1", "last_trade_no_4008072001201701105817415015", "TICKET-1", 1000));
		pipe(event("user-2", "CLICK", "scene-1", "TICKET-1", 1001));
		pipe(event("user-3", "SCAN", "scene-1", null, 1002));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNotNull();
	}

	@Test
	void shouldLogInOnceWhenWechatRetriesThePush() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		WechatEvent push = subscribe("user-1", "qrscene_scene-1", "TICKET-1", 1000);
		pipe(push);
		pipe(retryOf(push));
		pipe(retryOf(push));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "duplicate").count()).isEqualTo(2);
	}

	@Test
	void shouldDropAReplayOfThePushWithinTheReceiversReplayWindow() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		WechatEvent push = withDedupId(scan("user-1", "scene-1", "TICKET-1", 1000));
		pipe(push);
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		this.driver.advanceWallClockTime(Duration.ofSeconds(200));
		pipe(retryOf(push));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "duplicate").count()).isEqualTo(1);
	}

	@Test
	void shouldDeduplicateOnTheDedupIdAndComputeItForOlderRecords() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		WechatEvent older = scan("user-1", "scene-1", "TICKET-1", 1000);
		pipe(older);
		pipe(withDedupId(retryOf(older)));
		WechatEvent sameFieldsOtherId = retryOf(older);
		sameFieldsOtherId.setDedupId("another push by the receiver's definition");
		pipe(sameFieldsOtherId);
		List<LoginResult> results = this.logins.readValuesToList();
		assertThat(results).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.SUCCEEDED, LoginOutcome.REJECTED);
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "duplicate").count()).isEqualTo(1);
	}

	@Test
	void shouldRejectALaterScanOfAUsedTicketByAnyoneAndKeepTheLogin() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		pipe(scan("intruder", "scene-1", "TICKET-1", 1003));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1009));

		List<LoginResult> results = this.logins.readValuesToList();
		assertThat(results).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.SUCCEEDED, LoginOutcome.REJECTED, LoginOutcome.REJECTED);
		assertThat(results.get(1).getOpenId()).isEqualTo("intruder");
		assertThat(results.get(1).getLoginId()).isEqualTo("login-1");
		assertThat(results.get(1).getReason()).isEqualTo("ticket already used");
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING, LoginState.SUCCEEDED);
		assertThat(this.registry.counter("login.results", "account", "main", "outcome", "rejected").count())
			.isEqualTo(2);
	}

	@Test
	void shouldRejectAndUseUpATicketWhoseSceneDisagrees() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-2", "TICKET-1", 1000));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1001));
		assertThat(this.logins.readValuesToList()).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.REJECTED, LoginOutcome.REJECTED);
		List<LoginStatus> states = this.status.readValuesToList();
		assertThat(states).extracting(LoginStatus::getState).containsExactly(LoginState.PENDING, LoginState.REJECTED);
		assertThat(states.get(1).getCode()).isNull();
		assertThat(states.get(1).getOpenId()).isNull();
	}

	@Test
	void shouldExpireUnscannedTicketsAfterExpirySkewAndGraceAndThenRemoveAllTheirState() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		// expiresAt + skew + grace = 30 + 2 + 10 s
		this.driver.advanceWallClockTime(Duration.ofSeconds(31));
		this.driver.advanceWallClockTime(Duration.ofSeconds(10));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING);
		this.driver.advanceWallClockTime(Duration.ofSeconds(2));

		LoginResult result = onlyLogin();
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.EXPIRED);
		assertThat(result.getOpenId()).isNull();
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.EXPIRED);
		assertThat(this.ticketTopic.readKeyValuesToList()).containsExactly(KeyValue.pair("TICKET-1", null));
		pipe(scan("late", "scene-1", "TICKET-1", 1000));
		assertThat(this.logins.isEmpty()).isTrue();

		this.driver.advanceWallClockTime(SETTINGS.statusRetention());
		assertThat(this.status.readKeyValuesToList()).containsExactly(KeyValue.pair("login-1", null));
		assertThat(this.driver.getKeyValueStore(LoginTopology.LOGIN_STATUS_STORE).get("login-1")).isNull();
		assertAllMatcherStateGone();
	}

	@Test
	void shouldExpireAtOnceATicketThatArrivesAfterItsExpirySkewAndGrace() {
		QrTicket stale = ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30));
		stale.setExpiresAt(START.minusSeconds(13));
		pipe(stale);
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.EXPIRED);
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNull();
	}

	@Test
	void shouldLogInAScanMadeBeforeExpiryThoughProcessedAfterIt() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		// lag: the scan made at +20 s is processed at +31 s, after the QR code expired
		this.driver.advanceWallClockTime(Duration.ofSeconds(31));
		pipe(scan("user-1", "scene-1", "TICKET-1", START.plusSeconds(20).getEpochSecond()));

		LoginResult result = onlyLogin();
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getScannedAt()).isEqualTo(START.plusSeconds(20));
		assertThat(result.getDecidedAt()).isEqualTo(START.plusSeconds(31));
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING, LoginState.SUCCEEDED);
	}

	@Test
	void shouldLogInAScanMadeWithinTheClockSkewAfterExpiry() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		this.driver.advanceWallClockTime(Duration.ofSeconds(33));
		pipe(scan("user-1", "scene-1", "TICKET-1", START.plusSeconds(32).getEpochSecond()));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldNotLogInAScanMadeAfterExpiryWhileTheTicketIsStillPendingAndThenExpireIt() throws Exception {
		restart(withSkew(Duration.ZERO));
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		this.driver.advanceWallClockTime(Duration.ofSeconds(31));
		pipe(scan("late", "scene-1", "TICKET-1", START.plusSeconds(31).getEpochSecond()));

		LoginResult rejected = onlyLogin();
		assertThat(rejected.getOutcome()).isEqualTo(LoginOutcome.REJECTED);
		assertThat(rejected.getReason()).isEqualTo("scanned after the QR code expired");
		assertThat(rejected.getOpenId()).isEqualTo("late");
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING);
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNotNull();

		this.driver.advanceWallClockTime(Duration.ofSeconds(10));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.EXPIRED);
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.EXPIRED);
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNull();
	}

	@Test
	void shouldLetAScanMadeInTimeWinOverALateScanProcessedBeforeIt() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		this.driver.advanceWallClockTime(Duration.ofSeconds(36));
		pipe(scan("late", "scene-1", "TICKET-1", START.plusSeconds(35).getEpochSecond()));
		pipe(scan("in-time", "scene-1", "TICKET-1", START.plusSeconds(29).getEpochSecond()));

		List<LoginResult> results = this.logins.readValuesToList();
		assertThat(results).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.REJECTED, LoginOutcome.SUCCEEDED);
		assertThat(results.get(1).getOpenId()).isEqualTo("in-time");
	}

	@Test
	void shouldNotLetAScanMadeInTimeWinOnceTheGraceIsOver() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		this.driver.advanceWallClockTime(Duration.ofSeconds(43));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.EXPIRED);
		pipe(scan("too-delayed", "scene-1", "TICKET-1", START.plusSeconds(29).getEpochSecond()));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING, LoginState.EXPIRED);
	}

	@Test
	void shouldMatchAHeldScanMadeInTimeWithATicketThatArrivesAfterItsExpiry() {
		pipe(scan("user-1", "scene-1", "TICKET-1", START.plusSeconds(3).getEpochSecond()));
		this.driver.advanceWallClockTime(Duration.ofSeconds(8));
		// expired at +5 s (+2 s skew), still within the grace
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(5)));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldKeepATicketThatAnEarlierVersionWouldHaveExpiredAtExpiresAtUntilItsGraceIsOver() {
		// state as the version that expired tickets at expiresAt left it
		QrTicket ticket = ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30));
		this.<QrTicket>store(LoginTopology.PENDING_TICKETS).put("TICKET-1", ticket);
		new Deadlines(this.driver.getKeyValueStore(LoginTopology.DEADLINES))
			.register(ticket.getExpiresAt().toEpochMilli(), Deadlines.Kind.TICKET_EXPIRY, "TICKET-1");

		this.driver.advanceWallClockTime(Duration.ofSeconds(31));
		pipe(scan("user-1", "scene-1", "TICKET-1", START.plusSeconds(29).getEpochSecond()));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);

		this.<QrTicket>store(LoginTopology.PENDING_TICKETS)
			.put("TICKET-2", ticket("login-2", "scene-2", "TICKET-2", Duration.ofSeconds(30)));
		new Deadlines(this.driver.getKeyValueStore(LoginTopology.DEADLINES))
			.register(ticket.getExpiresAt().toEpochMilli(), Deadlines.Kind.TICKET_EXPIRY, "TICKET-2");
		this.driver.advanceWallClockTime(Duration.ofSeconds(1));
		assertThat(this.logins.isEmpty()).isTrue();
		this.driver.advanceWallClockTime(Duration.ofSeconds(11));
		assertThat(onlyLogin().getLoginId()).isEqualTo("login-2");
	}

	@Test
	void shouldSweepAtMostTheConfiguredNumberOfDueEntriesAtATime() throws Exception {
		restart(new LoginTopologySettings(3, Duration.ofMinutes(6), Duration.ofSeconds(10), Duration.ofMinutes(10),
				Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 2));
		for (int i = 0; i < 5; i++) {
			pipe(ticket("login-" + i, "scene-" + i, "TICKET-" + i, Duration.ofSeconds(30)));
		}
		this.driver.advanceWallClockTime(Duration.ofSeconds(31));
		assertThat(this.logins.readValuesToList()).extracting(LoginResult::getLoginId)
			.containsExactly("login-0", "login-1");
		this.driver.advanceWallClockTime(Duration.ofSeconds(1));
		assertThat(this.logins.readValuesToList()).extracting(LoginResult::getLoginId)
			.containsExactly("login-2", "login-3");
		this.driver.advanceWallClockTime(Duration.ofSeconds(1));
		assertThat(this.logins.readValuesToList()).extracting(LoginResult::getLoginId).containsExactly("login-4");
		assertThat(count(LoginTopology.PENDING_TICKETS)).isZero();
	}

	@Test
	void shouldMatchAScanThatArrivesBeforeItsTicketWithinTheGrace() {
		pipe(subscribe("user-1", "qrscene_scene-1", "TICKET-1", 1000));
		this.driver.advanceWallClockTime(Duration.ofSeconds(9));
		assertThat(this.logins.isEmpty()).isTrue();
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		LoginResult result = onlyLogin();
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getOpenId()).isEqualTo("user-1");
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "held").count()).isEqualTo(1);
	}

	@Test
	void shouldLetTheFirstOfSeveralEarlyScansWin() {
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		pipe(scan("user-2", "scene-1", "TICKET-1", 1001));
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		List<LoginResult> results = this.logins.readValuesToList();
		assertThat(results).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.SUCCEEDED, LoginOutcome.REJECTED);
		assertThat(results).extracting(LoginResult::getOpenId).containsExactly("user-1", "user-2");
	}

	@Test
	void shouldNotMatchAScanHeldLongerThanTheGrace() {
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		this.driver.advanceWallClockTime(Duration.ofSeconds(11));
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getState)
			.containsExactly(LoginState.PENDING);
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "unmatched").count()).isEqualTo(1);
		assertThat(count(LoginTopology.HELD_SCANS)).isZero();
	}

	@Test
	void shouldForgetRememberedScansAfterTheDedupRetention() {
		pipe(ticket("login-1", "scene-1", "TICKET-1", Duration.ofSeconds(30)));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		assertThat(count(LoginTopology.SEEN_SCANS)).isEqualTo(1);
		this.driver.advanceWallClockTime(SETTINGS.dedupRetention().plusSeconds(1));
		assertThat(count(LoginTopology.SEEN_SCANS)).isZero();
		this.driver.advanceWallClockTime(SETTINGS.statusRetention());
		assertAllMatcherStateGone();
	}

	@Test
	void shouldSendPoisonRecordsToTheDeadLetterTopicAndKeepGoing() {
		byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
		this.events.pipeInput("wx:user", garbage);
		this.tickets.pipeInput("TICKET-0", garbage);
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));

		List<TestRecord<String, byte[]>> dead = this.deadLetters.readRecordsToList();
		assertThat(dead).hasSize(2);
		assertThat(dead.get(0).value()).isEqualTo(garbage);
		assertThat(header(dead.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.WECHAT_EVENTS);
		assertThat(header(dead.get(1), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.QR_TICKETS);
		assertThat(header(dead.get(1), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("Cannot decode QrTicket");
		assertThat(
				ByteBuffer.wrap(dead.get(0).headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).getLong())
			.isZero();
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldDeadLetterATicketTheMatcherFailsOnAsReadAndLogInTheNextScan() {
		QrTicket poison = ticket("login-0", "scene-0", "TICKET-0");
		// the end of representable time: its expiry (expiresAt + skew + grace) overflows
		poison.setExpiresAt(Instant.ofEpochMilli(Long.MAX_VALUE));
		byte[] poisonBytes = AvroSerdes.qrTicket().encode(poison);
		this.tickets.pipeInput("TICKET-0", poisonBytes);
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));

		TestRecord<byte[], byte[]> dead = onlyRawDeadLetter();
		assertThat(dead.key()).isEqualTo("TICKET-0".getBytes(StandardCharsets.UTF_8));
		assertThat(dead.value()).isEqualTo(poisonBytes);
		assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.QR_TICKETS);
		assertThat(header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ArithmeticException.class.getName());
		assertThat(this.registry.counter(MatcherMetrics.DEAD_LETTERS, "source", "tickets").count()).isEqualTo(1);
		assertThat(store(LoginTopology.PENDING_TICKETS).get("TICKET-0")).isNull();
		LoginResult result = onlyLogin();
		assertThat(result.getLoginId()).isEqualTo("login-1");
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldDeadLetterATicketWithAbsurdlyLongFieldsInsteadOfCopyingThemIntoItsResults() {
		QrTicket huge = ticket("login-0", "s".repeat(FieldLimits.MAX_SCENE + 1), "TICKET-0");
		pipe(huge);
		QrTicket hugeChallenge = ticket("login-2", "scene-2", "TICKET-2");
		hugeChallenge.setCodeChallenge("c".repeat(2_000_000));
		pipe(hugeChallenge);
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));

		List<TestRecord<byte[], byte[]>> dead = TestDrivers.rawOutput(this.driver, Topics.LOGIN_PROCESSOR_DLT)
			.readRecordsToList();
		assertThat(dead).extracting((record) -> new String(record.key(), StandardCharsets.UTF_8))
			.containsExactly("TICKET-0", "TICKET-2");
		assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("scene longer than 64");
		assertThat(count(LoginTopology.PENDING_TICKETS)).isZero();
		assertThat(this.status.readValuesToList()).extracting(LoginStatus::getLoginId)
			.containsExactly("login-1", "login-1");
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldLeaveKafkaStreamsOwnFailuresToKafkaStreamsInsteadOfDeadLetteringTheRecord() throws Exception {
		this.driver.close();
		MatcherMetrics fenced = new MatcherMetrics(this.registry) {
			@Override
			void ticketRegistered(String account) {
				throw new TaskMigratedException("fenced while registering");
			}
		};
		this.driver = TestDrivers
			.start((builder) -> LoginTopology.addTo(builder, SETTINGS, fenced, (loginId, value) -> {
			}), "login-topology-tests", START);
		this.tickets = TestDrivers.rawInput(this.driver, Topics.QR_TICKETS, START);

		assertThatExceptionOfType(TaskMigratedException.class)
			.isThrownBy(() -> pipe(ticket("login-1", "scene-1", "TICKET-1")));
		assertThat(TestDrivers.rawOutput(this.driver, Topics.LOGIN_PROCESSOR_DLT).isEmpty()).isTrue();
	}

	@Test
	void shouldDeadLetterAScanTheMatcherCannotReadAndLogInTheNextScan() {
		TestInputTopic<String, byte[]> repartition = this.driver.createInputTopic(
				"login-topology-tests-" + LoginTopology.SCANS_BY_TICKET + "-repartition", new StringSerializer(),
				new ByteArraySerializer());
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		byte[] garbage = { 0, 1, 2 };
		repartition.pipeInput("TICKET-1", garbage);
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));

		TestRecord<byte[], byte[]> dead = onlyRawDeadLetter();
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).endsWith("scans-by-ticket-repartition");
		assertThat(this.registry.counter(MatcherMetrics.DEAD_LETTERS, "source", "scans").count()).isEqualTo(1);
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldDropScansWithAbsurdlyLongFieldsAndKeepTheTicketForTheNextScan() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		String tooLong = "x".repeat(FieldLimits.MAX_SCENE + 1);
		pipe(scan("user-1", tooLong, "TICKET-1", 1000));
		pipe(scan("o".repeat(FieldLimits.MAX_OPEN_ID + 1), "scene-1", "TICKET-1", 1001));
		pipe(scan("user-1", "scene-1", "T".repeat(FieldLimits.MAX_TICKET + 1), 1002));
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "invalid-field").count())
			.isEqualTo(3);
		assertThat(count(LoginTopology.HELD_SCANS)).isZero();

		pipe(scan("user-1", "scene-1", "TICKET-1", 1003));
		assertThat(onlyLogin().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
	}

	@Test
	void shouldDropScansWhoseCreateTimeIsNoTimeAndKeepTheTicketForTheNextScan() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		long[] absurd = { 10_000_000_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE, CreateTimes.END_SECONDS };
		for (long createTime : absurd) {
			pipe(scan("user-" + createTime, "scene-1", "TICKET-1", createTime));
		}
		assertThat(this.logins.isEmpty()).isTrue();
		assertThat(this.registry.counter("login.scans", "account", "main", "result", "invalid-create-time").count())
			.isEqualTo(absurd.length);
		assertThat(count(LoginTopology.SEEN_SCANS)).isZero();
		assertThat(count(LoginTopology.HELD_SCANS)).isZero();

		// the last usable CreateTime is a time, one long after this ticket expired
		pipe(scan("user-0", "scene-1", "TICKET-1", CreateTimes.END_SECONDS - 1));
		assertThat(onlyLogin().getReason()).isEqualTo("scanned after the QR code expired");
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		LoginResult result = onlyLogin();
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getOpenId()).isEqualTo("user-1");
	}

	@Test
	void shouldDropAnEarlyScanWhoseCreateTimeIsNoTimeInsteadOfHoldingIt() {
		pipe(scan("user-0", "scene-1", "TICKET-1", 10_000_000_000_000_000L));
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		assertThat(onlyLogin().getOpenId()).isEqualTo("user-1");
	}

	@Test
	void shouldKeepTheStatusQueryableAndTellListeners() {
		pipe(ticket("login-1", "scene-1", "TICKET-1"));
		KeyValueStore<String, LoginStatus> statusStore = this.driver.getKeyValueStore(LoginTopology.LOGIN_STATUS_STORE);
		assertThat(statusStore.get("login-1").getState()).isEqualTo(LoginState.PENDING);
		pipe(scan("user-1", "scene-1", "TICKET-1", 1000));
		assertThat(statusStore.get("login-1").getState()).isEqualTo(LoginState.SUCCEEDED);
		assertThat(this.notified).extracting((update) -> update.value.getState())
			.containsExactly(LoginState.PENDING, LoginState.SUCCEEDED);
	}

	@Test
	void shouldNameEveryProcessorStoreAndTopic() {
		StreamsBuilder builder = new StreamsBuilder();
		LoginTopology.addTo(builder, SETTINGS, new MatcherMetrics(this.registry), (loginId, value) -> {
		});
		String description = builder.build().describe().toString();
		assertThat(description).doesNotContain("KSTREAM-")
			.doesNotContain("KTABLE-")
			.contains("scans-by-ticket-repartition");
	}

	private QrTicket pipe(QrTicket ticket) {
		this.tickets.pipeInput(ticket.getTicket(), AvroSerdes.qrTicket().encode(ticket));
		return ticket;
	}

	private void pipe(WechatEvent event) {
		this.events.pipeInput(EventKeys.of(event.getAppId(), event.getFromUserName()),
				AvroSerdes.wechatEvent().encode(event));
	}

	private TestRecord<byte[], byte[]> onlyRawDeadLetter() {
		List<TestRecord<byte[], byte[]>> dead = TestDrivers.rawOutput(this.driver, Topics.LOGIN_PROCESSOR_DLT)
			.readRecordsToList();
		assertThat(dead).hasSize(1);
		return dead.get(0);
	}

	private static LoginTopologySettings withSkew(Duration skew) {
		return new LoginTopologySettings(SETTINGS.ticketPartitions(), SETTINGS.dedupRetention(), SETTINGS.scanGrace(),
				SETTINGS.statusRetention(), SETTINGS.expiryCheckInterval(), skew, SETTINGS.expiryGrace(),
				SETTINGS.maxExpiriesPerSweep());
	}

	private LoginResult onlyLogin() {
		List<LoginResult> results = this.logins.readValuesToList();
		assertThat(results).hasSize(1);
		return results.get(0);
	}

	private <V> KeyValueStore<String, V> store(String name) {
		return this.driver.getKeyValueStore(name);
	}

	private long count(String storeName) {
		KeyValueStore<Object, Object> store = this.driver.getKeyValueStore(storeName);
		long count = 0;
		try (KeyValueIterator<Object, Object> all = store.all()) {
			while (all.hasNext()) {
				all.next();
				count++;
			}
		}
		return count;
	}

	private void assertAllMatcherStateGone() {
		for (String name : List.of(LoginTopology.PENDING_TICKETS, LoginTopology.USED_TICKETS, LoginTopology.HELD_SCANS,
				LoginTopology.SEEN_SCANS, LoginTopology.DEADLINES)) {
			assertThat(count(name)).as(name).isZero();
		}
	}

	private static String header(TestRecord<?, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static QrTicket ticket(String loginId, String scene, String ticket) {
		return ticket(loginId, scene, ticket, Duration.ofMinutes(5));
	}

	static QrTicket ticket(String loginId, String scene, String ticket, Duration ttl) {
		return new QrTicket(loginId, "main", APP_ID, scene, ticket, "http://weixin.qq.com/q/" + ticket, START,
				START.plus(ttl), null);
	}

	static WechatEvent subscribe(String openId, String eventKey, String ticket, long createTime) {
		return event(openId, "subscribe", eventKey, ticket, createTime);
	}

	static WechatEvent scan(String openId, String scene, String ticket, long createTime) {
		return event(openId, "SCAN", scene, ticket, createTime);
	}

	/** A push as written before WechatEvent v2, without its dedupId. */
	static WechatEvent event(String openId, String event, String eventKey, String ticket, long createTime) {
		return TestEvents.event(event)
			.appId(APP_ID)
			.from(openId)
			.createTime(createTime)
			.eventKey(eventKey)
			.ticket(ticket)
			.receivedAt(START)
			.encryption(EncryptionMode.SAFE)
			.withoutDedupId()
			.build();
	}

	/** The push as the receiver publishes it since WechatEvent v2, with its dedupId. */
	static WechatEvent withDedupId(WechatEvent push) {
		return WechatEvent.newBuilder(push).setDedupId(DedupIds.compute(push)).build();
	}

	static WechatEvent retryOf(WechatEvent push) {
		return TestEvents.retryOf(push);
	}

}
