package io.saoma.faults;

import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login path as separate processes (a broker process, the simulator, a receiver, two
 * login processor instances; a forwarder for the poison scenario), shared by its
 * scenarios:
 * <ul>
 * <li>Logins in flight (200 here, 1,000 with {@code -Dfaults.full=true}) at both
 * instances, one killed with SIGKILL mid-way and restarted: each login has exactly one
 * result on {@code wechat.logins} (SUCCEEDED), none lost or duplicated; a browser per
 * login, following it over SSE at both instances in turn (reconnecting like
 * {@code EventSource} when its stream breaks), receives its final status; and each code
 * redeems exactly once (its second redemption, at the other instance, is refused).</li>
 * <li>A poison record in each topic the processors read, while they run: bytes that are
 * no Avro record in {@code wechat.events} (the login processor, the relay and the fan-out
 * read it), in {@code wechat.qr-tickets} (the login processor) and in each of the relay's
 * retry topics, and a well-formed push whose CreateTime (10^16 s) overflows when turned
 * into milliseconds. Each undecodable record is dead-lettered by every consumer that read
 * it (the dead letter names its source topic), processing continues (logins started and
 * scanned afterwards succeed and are relayed), and every service's health is UP with its
 * Streams RUNNING, not stalled.</li>
 * </ul>
 */
class LoginProcessorFaultsIT {

	private static LoginStack stack;

	@BeforeAll
	static void start() {
		stack = LoginStack.start(LoginSettings.forKillScenarios());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldDecideEveryLoginExactlyOnceWhenAnInstanceIsKilledMidWay() {
		int count = FaultSettings.size(200, 1000);
		LoginKillScenario.Outcome outcome = new LoginKillScenario(stack).run(count, true);
		new FaultSummary("Login processor: 1 of 2 instances killed (SIGKILL) mid-way and restarted", count, "logins",
				outcome.withOneSuccess(), outcome.lost(), outcome.duplicated(), outcome.duration(),
				"outcomes " + outcome.outcomes() + "; browsers with their final status " + outcome.browsersDecided()
						+ "/" + count + " (" + outcome.reconnects() + " reconnects); codes redeemed "
						+ outcome.redemptions().firstAccepted() + "/" + outcome.redemptions().withCode()
						+ ", redeemed twice " + outcome.redemptions().secondAccepted() + " (statuses: first "
						+ outcome.redemptions().firstStatuses() + ", second " + outcome.redemptions().secondStatuses()
						+ ")")
			.write();
		assertThat(outcome.lost()).as("logins without a result").isZero();
		assertThat(outcome.duplicated()).as("results beyond the first per login").isZero();
		assertThat(outcome.withOneSuccess()).as("logins with exactly one result, SUCCEEDED").isEqualTo(count);
		assertThat(outcome.browsersDecided()).as("browsers that received SUCCEEDED").isEqualTo(count);
		assertThat(outcome.redemptions().withCode()).as("logins whose code the site got").isEqualTo(count);
		assertThat(outcome.redemptions().firstAccepted())
			.as("first redemptions accepted (statuses %s)", outcome.redemptions().firstStatuses())
			.isEqualTo(count);
		assertThat(outcome.redemptions().secondAccepted()).as("second redemptions accepted (codes redeemed twice)")
			.isZero();
	}

	@Test
	void shouldDeadLetterAPoisonRecordInEachTopicAndKeepProcessing() throws Exception {
		try (AuthingEndpoint authing = new AuthingEndpoint();
				ServiceProcess forwarder = stack.forwarder(authing.eventsUrl("demo"))) {
			poisonEachTopic(authing, forwarder);
		}
	}

	private void poisonEachTopic(AuthingEndpoint authing, ServiceProcess forwarder) throws Exception {
		long startedAt = System.nanoTime();
		List<String> deadLetterTopics = List.of(Topics.Names.LOGIN_PROCESSOR_DLT, Topics.Names.FORWARDER_DLT,
				Topics.Names.RELAY_DLT);
		Map<String, Map<TopicPartition, Long>> before = new HashMap<>();
		for (String topic : deadLetterTopics) {
			before.put(topic, stack.topics().endOffsets(topic));
		}
		List<String> retryTopics = retryTopics();
		List<String> poisoned = new ArrayList<>(List.of(Topics.Names.WECHAT_EVENTS, Topics.Names.QR_TICKETS));
		poisoned.addAll(retryTopics);
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			for (String topic : poisoned) {
				producer.send(new ProducerRecord<>(topic, utf8("poison"), utf8("this is no Avro record"))).get();
			}
			WechatEvent overflow = overflowingScan();
			producer
				.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, utf8("poison-createtime"),
						AvroSerdes.wechatEvent().serializer().serialize(Topics.Names.WECHAT_EVENTS, overflow)))
				.get();
		}

		// processing continues: logins started and scanned after the poison succeed, and
		// their pushes are relayed
		int count = 6;
		LoginClient client = new LoginClient();
		List<LoginClient.Started> logins = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			logins.add(client.start(stack.apis().get(i % 2), null).block(Duration.ofSeconds(30)));
		}
		for (LoginClient.Started login : logins) {
			client.scan(stack.simulatorUrl(), login.qrContent()).block(Duration.ofSeconds(60));
		}
		Set<String> loginIds = logins.stream().map(LoginClient.Started::loginId).collect(Collectors.toSet());
		Waits.holdsWithin("the logins after the poison decided", Duration.ofSeconds(60),
				() -> LoginResults.byLogin(stack.topics(), 1000).keySet().containsAll(loginIds));
		Map<String, List<LoginResult>> results = LoginResults.byLogin(stack.topics(), 1000);
		long succeeded = loginIds.stream()
			.filter((id) -> results.getOrDefault(id, List.of())
				.stream()
				.anyMatch((r) -> r.getOutcome() == LoginOutcome.SUCCEEDED))
			.count();
		Set<String> pushIds = new java.util.HashSet<>();
		try (EventPushes pushes = new EventPushes(stack.broker().bootstrapServers())) {
			for (int i = 0; i < count; i++) {
				pushIds.add(pushes.send(io.saoma.localstack.DemoAccount.ID));
			}
			pushes.flush();
		}
		Waits.holdsWithin("the pushes after the poison relayed", Duration.ofSeconds(60),
				() -> authing.deliveredOf(pushIds) == count);
		long relayed = authing.deliveredOf(pushIds);

		Map<String, Set<String>> deadLettered = new HashMap<>();
		Waits.holdsWithin("the dead letters", Duration.ofSeconds(30), () -> {
			for (String topic : deadLetterTopics) {
				deadLettered.put(topic, originalTopics(topic, before.get(topic)));
			}
			return deadLettered.get(Topics.Names.LOGIN_PROCESSOR_DLT)
				.containsAll(List.of(Topics.Names.WECHAT_EVENTS, Topics.Names.QR_TICKETS))
					&& deadLettered.get(Topics.Names.FORWARDER_DLT).contains(Topics.Names.WECHAT_EVENTS)
					&& deadLettered.get(Topics.Names.RELAY_DLT).containsAll(retryTopics)
					&& deadLettered.get(Topics.Names.RELAY_DLT).contains(Topics.Names.WECHAT_EVENTS);
		});
		Map<String, String> health = new java.util.LinkedHashMap<>();
		for (ServiceProcess service : List.of(stack.loginA(), stack.loginB(), forwarder, stack.receiver())) {
			health.put(service.name(), service.health());
		}
		// one dead letter per consumer that read an undecodable record: wechat.events by
		// three, the others by one
		int expectedLetters = 2 + 1 + 1 + retryTopics.size();
		long letters = deadLettered.values().stream().mapToLong(Set::size).sum();
		new FaultSummary("A poison record in each topic the processors read", expectedLetters, "poison reads", letters,
				expectedLetters - letters, 0, Duration.ofNanos(System.nanoTime() - startedAt),
				(poisoned.size() + 1) + " poison records (undecodable in " + poisoned + ", CreateTime 10^16 in "
						+ Topics.Names.WECHAT_EVENTS + "); dead letters by DLT and source: " + deadLettered
						+ "; logins after the poison " + succeeded + "/" + count
						+ " SUCCEEDED, pushes after it relayed " + relayed + "/" + count)
			.write();

		assertThat(deadLettered.get(Topics.Names.LOGIN_PROCESSOR_DLT))
			.as("login processor's dead letters, by source topic")
			.contains(Topics.Names.WECHAT_EVENTS, Topics.Names.QR_TICKETS);
		assertThat(deadLettered.get(Topics.Names.FORWARDER_DLT)).as("fan-out's dead letters, by source topic")
			.contains(Topics.Names.WECHAT_EVENTS);
		assertThat(deadLettered.get(Topics.Names.RELAY_DLT)).as("relay's dead letters, by source topic")
			.contains(Topics.Names.WECHAT_EVENTS)
			.containsAll(retryTopics);
		assertThat(succeeded).as("logins after the poison that succeeded").isEqualTo(count);
		assertThat(relayed).as("pushes published after the poison and relayed").isEqualTo(count);
		assertThat(health).allSatisfy((name,
				body) -> assertThat(body).as("health of %s", name).startsWith("{").contains("\"status\":\"UP\""));
		assertThat(health.get("login-a")).as("login-a's Streams").contains("RUNNING");
		assertThat(health.get("login-b")).as("login-b's Streams").contains("RUNNING");
		assertThat(health.get("forwarder")).as("the forwarder's Streams").contains("RUNNING");
		// the login processors' health says what they dead-lettered: the poison push and
		// the poison ticket at least
		assertThat(deadLetteredIn(health.get("login-a")) + deadLetteredIn(health.get("login-b")))
			.as("deadLettered in the login processors' health")
			.isGreaterThanOrEqualTo(2);
	}

	/**
	 * The {@code deadLettered} detail of a login processor's Kafka Streams health, 0
	 * without one.
	 */
	private static long deadLetteredIn(String health) {
		java.util.regex.Matcher detail = java.util.regex.Pattern.compile("\"deadLettered\":(\\d+)").matcher(health);
		return detail.find() ? Long.parseLong(detail.group(1)) : 0;
	}

	private static Set<String> originalTopics(String deadLetterTopic, Map<TopicPartition, Long> from) {
		List<ConsumerRecord<byte[], byte[]>> letters = stack.topics().readFrom(from, 1000, Duration.ofSeconds(2));
		Set<String> sources = new TreeSet<>();
		for (ConsumerRecord<byte[], byte[]> letter : letters) {
			Header original = letter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC);
			if (original != null) {
				sources.add(new String(original.value(), StandardCharsets.UTF_8));
			}
		}
		return sources;
	}

	private static List<String> retryTopics() throws Exception {
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		try (Admin admin = Admin.create(config)) {
			return admin.listTopics()
				.names()
				.get()
				.stream()
				.filter((name) -> name.startsWith(Topics.Names.WECHAT_EVENTS + Topics.RELAY_RETRY_SUFFIX))
				.sorted()
				.toList();
		}
	}

	/**
	 * A well-formed SCAN of the demo account whose CreateTime, 10^16 s, overflows when
	 * turned into milliseconds.
	 */
	private static WechatEvent overflowingScan() {
		WechatEvent event = EventPushes.scan(io.saoma.localstack.DemoAccount.ID);
		event.setCreateTime(10_000_000_000_000_000L);
		return event;
	}

	private static KafkaProducer<byte[], byte[]> producer() {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
