package io.saoma.loginprocessor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.loginprocessor.topology.MatcherOutput.Target;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matcher on its own, with Kafka Streams' {@link MockProcessorContext} (as
 * apache/kafka's {@code WordCountProcessorTest}): what it forwards, in which order, under
 * which keys, what it keeps in its stores and when its sweep runs. The topology around it
 * is tested by {@link LoginTopologyTests}.
 */
class TicketMatcherTests {

	private static final long START = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();

	private static final LoginTopologySettings SETTINGS = new LoginTopologySettings(3, Duration.ofMinutes(6),
			Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(2),
			Duration.ofSeconds(10), 1000);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MockProcessorContext<String, MatcherOutput> context = new MockProcessorContext<>();

	private TicketMatcher matcher;

	@BeforeEach
	void setUp() {
		addStore(LoginTopology.PENDING_TICKETS, Serdes.String(), AvroSerdes.qrTicket());
		addStore(LoginTopology.USED_TICKETS, Serdes.String(), AvroSerdes.loginResult());
		addStore(LoginTopology.HELD_SCANS, Serdes.String(), AvroSerdes.wechatEvent());
		addStore(LoginTopology.SEEN_SCANS, Serdes.String(), Serdes.Long());
		addStore(LoginTopology.DEADLINES, Serdes.Bytes(), Serdes.ByteArray());
		this.context.setCurrentSystemTimeMs(START);
		this.matcher = startMatcher();
	}

	@Test
	void shouldScheduleItsSweepOnWallClockTimeEveryCheckInterval() {
		List<CapturedPunctuator> punctuators = this.context.scheduledPunctuators();
		assertThat(punctuators).hasSize(1);
		assertThat(punctuators.get(0).getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
		assertThat(punctuators.get(0).getInterval()).isEqualTo(SETTINGS.expiryCheckInterval());
	}

	@Test
	void shouldWriteThePendingStatusOfANewTicketByLoginId() {
		process(ticket("login-1", "scene-1", "TICKET-1"), 0);
		assertThat(targets()).containsExactly(Target.STATUS);
		Record<String, MatcherOutput> pending = forwarded(0);
		assertThat(pending.key()).isEqualTo("login-1");
		assertThat(pending.timestamp()).isEqualTo(START);
		assertThat(((LoginStatus) pending.value().value()).getState()).isEqualTo(LoginState.PENDING);
		assertThat(this.<QrTicket>store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNotNull();
	}

	@Test
	void shouldUseTheTicketUpThenWriteTheResultThenTheStatusWhenAScanLogsIn() {
		process(ticket("login-1", "scene-1", "TICKET-1"), 0);
		this.context.resetForwards();
		this.context.setCurrentSystemTimeMs(START + 1500);
		process(scan("user-1", "scene-1", "TICKET-1"), 1);
		assertThat(targets()).containsExactly(Target.TICKETS, Target.LOGINS, Target.STATUS);
		assertThat(forwarded(0).key()).isEqualTo("TICKET-1");
		assertThat(forwarded(0).value().value()).isNull();
		LoginResult result = (LoginResult) forwarded(1).value().value();
		assertThat(forwarded(1).key()).isEqualTo("login-1");
		assertThat(result.getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		assertThat(result.getOpenId()).isEqualTo("user-1");
		assertThat(result.getDecidedAt()).isEqualTo(Instant.ofEpochMilli(START + 1500));
		LoginStatus status = (LoginStatus) forwarded(2).value().value();
		assertThat(status.getState()).isEqualTo(LoginState.SUCCEEDED);
		assertThat(status.getCode()).startsWith("login-1.");
		assertThat(this.<QrTicket>store(LoginTopology.PENDING_TICKETS).get("TICKET-1")).isNull();
		assertThat(this.<LoginResult>store(LoginTopology.USED_TICKETS).get("TICKET-1")).isEqualTo(result);
	}

	@Test
	void shouldHoldAnEarlyScanUnderItsTicketAndOffsetAndLetTheFirstToArriveWin() {
		process(scan("user-1", "scene-1", "TICKET-1"), 0x1f);
		process(scan("user-2", "scene-1", "TICKET-1"), 0x120);
		assertThat(this.context.forwarded()).isEmpty();
		KeyValueStore<String, WechatEvent> held = store(LoginTopology.HELD_SCANS);
		assertThat(held.get("TICKET-1\u0000000000000000001f").getFromUserName()).isEqualTo("user-1");
		assertThat(held.get("TICKET-1\u00000000000000000120").getFromUserName()).isEqualTo("user-2");
		process(ticket("login-1", "scene-1", "TICKET-1"), 0);
		List<LoginResult> results = this.context.forwarded()
			.stream()
			.filter((forward) -> forward.record().value().target() == Target.LOGINS)
			.map((forward) -> (LoginResult) forward.record().value().value())
			.toList();
		assertThat(results).extracting(LoginResult::getOpenId).containsExactly("user-1", "user-2");
		assertThat(results).extracting(LoginResult::getOutcome)
			.containsExactly(LoginOutcome.SUCCEEDED, LoginOutcome.REJECTED);
		assertThat(held.get("TICKET-1\u0000000000000000001f")).isNull();
		assertThat(held.get("TICKET-1\u00000000000000000120")).isNull();
	}

	@Test
	void shouldRememberAScanByItsDedupIdAndDropItsRetryWithoutAWord() {
		process(ticket("login-1", "scene-1", "TICKET-1"), 0);
		WechatEvent push = scan("user-1", "scene-1", "TICKET-1");
		process(push, 1);
		this.context.resetForwards();
		process(WechatEvent.newBuilder(push).setEventId("retry").build(), 2);
		assertThat(this.context.forwarded()).isEmpty();
		assertThat(this.<Long>store(LoginTopology.SEEN_SCANS).get(DedupIds.of(push))).isEqualTo(START);
		assertThat(this.registry.get("login.scans").tag("result", "duplicate").counter().count()).isOne();
	}

	@Test
	void shouldSweepNothingDuringTheFirstExpiryGraceOfATaskThenExpireWhatIsDue() {
		process(ticket("login-1", "scene-1", "TICKET-1"), 0);
		long expiryDue = START
				+ Duration.ofMinutes(5).plus(SETTINGS.scanClockSkew()).plus(SETTINGS.expiryGrace()).toMillis();
		// the task moves to another instance, which starts long after the ticket's expiry
		// was due
		long restart = expiryDue + Duration.ofMinutes(30).toMillis();
		this.context.setCurrentSystemTimeMs(restart);
		this.matcher = startMatcher();
		this.context.resetForwards();
		sweep(restart + SETTINGS.expiryGrace().toMillis() - 1);
		assertThat(this.context.forwarded()).isEmpty();
		sweep(restart + SETTINGS.expiryGrace().toMillis());
		assertThat(targets()).containsExactly(Target.TICKETS, Target.LOGINS, Target.STATUS);
		assertThat(((LoginResult) forwarded(1).value().value()).getOutcome()).isEqualTo(LoginOutcome.EXPIRED);
	}

	private TicketMatcher startMatcher() {
		TicketMatcher started = new TicketMatcher(SETTINGS, new MatcherMetrics(this.registry));
		started.init(this.context);
		return started;
	}

	private void process(SpecificRecord value, long offset) {
		this.context.setRecordMetadata("scans-by-ticket", 0, offset);
		this.matcher.process(new Record<>(null, value, this.context.currentSystemTimeMs()));
	}

	private void sweep(long now) {
		this.context.setCurrentSystemTimeMs(now);
		List<CapturedPunctuator> punctuators = this.context.scheduledPunctuators();
		punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(now);
	}

	private List<Target> targets() {
		return this.context.forwarded().stream().map((forward) -> forward.record().value().target()).toList();
	}

	@SuppressWarnings("unchecked")
	private Record<String, MatcherOutput> forwarded(int index) {
		CapturedForward<? extends String, ? extends MatcherOutput> forward = this.context.forwarded().get(index);
		return (Record<String, MatcherOutput>) forward.record();
	}

	private <K, V> void addStore(String name, Serde<K> keys, Serde<V> values) {
		KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
			.withLoggingDisabled()
			.build();
		store.init(this.context.getStateStoreContext(), store);
		this.context.addStateStore(store);
	}

	private <V> KeyValueStore<String, V> store(String name) {
		StateStore store = this.context.getStateStore(name);
		@SuppressWarnings("unchecked")
		KeyValueStore<String, V> typed = (KeyValueStore<String, V>) store;
		return typed;
	}

	private static QrTicket ticket(String loginId, String scene, String ticket) {
		Instant start = Instant.ofEpochMilli(START);
		return new QrTicket(loginId, "main", LoginTopologyTests.APP_ID, scene, ticket,
				"http://weixin.qq.com/q/" + ticket, start, start.plus(Duration.ofMinutes(5)), null);
	}

	private static WechatEvent scan(String openId, String scene, String ticket) {
		return LoginTopologyTests.scan(openId, scene, ticket, START / 1000 + 1);
	}

}
