package io.saoma.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code saoma tail} run in-process against a real broker holding what the pipeline
 * writes: pushes of schema v1 (before dedupId) and v2, a record that does not decode,
 * login outcomes. Each test reads the lines a person would see on stdout.
 */
class TailIT {

	private static final Instant NOW = Instant.now();

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static EmbeddedKraftBroker broker;

	/** v1, account main, subscribe, written two hours ago. */
	private static WechatEvent oldSubscribe;

	/** v2, account main, SCAN, written 30 minutes ago. */
	private static WechatEvent scan;

	/** v2, account other, a text message, written 20 minutes ago. */
	private static WechatEvent text;

	@BeforeAll
	static void writeRecords() throws Exception {
		broker = EmbeddedKraftBroker.start();
		broker
			.createTopics(Map.of(Topics.Names.WECHAT_EVENTS, 2, Topics.Names.LOGINS, 1, "wechat.events.subscribe", 1));
		oldSubscribe = TestEvents.subscribe("scene-old", "TICKET-OLD").build();
		scan = TestEvents.scan("scene-new", "TICKET-NEW").build();
		text = TestEvents.message("text").account("other").field("Content", "你好").build();
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			send(producer, Topics.Names.WECHAT_EVENTS, 0, NOW.minus(Duration.ofHours(2)), key(oldSubscribe),
					TailRecords.wechatEventV1(oldSubscribe));
			send(producer, Topics.Names.WECHAT_EVENTS, 0, NOW.minus(Duration.ofMinutes(30)), key(scan),
					TailRecords.wechatEventCurrent(scan));
			send(producer, Topics.Names.WECHAT_EVENTS, 1, NOW.minus(Duration.ofMinutes(20)), key(text),
					TailRecords.wechatEventCurrent(text));
			send(producer, Topics.Names.WECHAT_EVENTS, 1, NOW.minus(Duration.ofMinutes(10)),
					"wx:garbage".getBytes(StandardCharsets.UTF_8), "not avro at all".getBytes(StandardCharsets.UTF_8));
			send(producer, Topics.Names.LOGINS, 0, NOW.minus(Duration.ofMinutes(5)), "login-1".getBytes(), AvroSerdes
				.loginResult()
				.encode(TailRecords.loginResult("main", LoginOutcome.SUCCEEDED, NOW.minus(Duration.ofMinutes(5)))));
			send(producer, Topics.Names.LOGINS, 0, NOW.minus(Duration.ofMinutes(4)), "login-2".getBytes(), AvroSerdes
				.loginResult()
				.encode(TailRecords.loginResult("main", LoginOutcome.REJECTED, NOW.minus(Duration.ofMinutes(4)))));
			producer.flush();
		}
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void shouldPrintEveryRecordOfBothSchemaVersionsAndAnErrorLineForTheUndecodableOne() throws Exception {
		Run run = tail(Topics.Names.WECHAT_EVENTS);
		assertThat(run.exitCode).isZero();
		assertThat(run.lines).hasSize(4);
		JsonNode v1 = run.byEventId(oldSubscribe.getEventId());
		assertThat(v1.get("schema").asText()).isEqualTo("WechatEvent/v1");
		assertThat(v1.get("partition").asInt()).isZero();
		assertThat(v1.get("offset").asLong()).isZero();
		assertThat(v1.get("key").asText()).isEqualTo(keyText(oldSubscribe));
		assertThat(v1.get("timestamp").asText())
			.isEqualTo(Instant.ofEpochMilli(NOW.minus(Duration.ofHours(2)).toEpochMilli()).toString());
		assertThat(v1.get("value").get("event").asText()).isEqualTo("subscribe");
		assertThat(v1.get("value").get("dedupId").isNull()).isTrue();
		JsonNode v2 = run.byEventId(scan.getEventId());
		assertThat(v2.get("schema").asText()).isEqualTo("WechatEvent/v2");
		assertThat(v2.get("value").get("dedupId").asText()).isEqualTo(scan.getDedupId());
		assertThat(run.byEventId(text.getEventId()).get("value").get("fields").get("Content").asText()).isEqualTo("你好");
		JsonNode error = run.lines.stream().filter((line) -> line.has("error")).findFirst().orElseThrow();
		assertThat(error.get("partition").asInt()).isEqualTo(1);
		assertThat(error.get("offset").asLong()).isEqualTo(1);
		assertThat(error.get("key").asText()).isEqualTo("wx:garbage");
		assertThat(error.get("error").asText()).contains("Cannot decode WechatEvent");
	}

	@Test
	void shouldFilterByAccountAndTypeIgnoringTheTypesCase() throws Exception {
		assertThat(tail(Topics.Names.WECHAT_EVENTS, "--account", "main", "--type", "scan").eventIds())
			.containsExactly(scan.getEventId());
		assertThat(tail(Topics.Names.WECHAT_EVENTS, "--type", "SUBSCRIBE").eventIds())
			.containsExactly(oldSubscribe.getEventId());
		assertThat(tail(Topics.Names.WECHAT_EVENTS, "--account", "other").eventIds())
			.containsExactly(text.getEventId());
	}

	@Test
	void shouldStartAtTheFirstRecordSinceAnAgeOrATime() throws Exception {
		Run lastHour = tail(Topics.Names.WECHAT_EVENTS, "--since", "1h");
		assertThat(lastHour.lines).hasSize(3);
		assertThat(lastHour.eventIds()).containsExactlyInAnyOrder(scan.getEventId(), text.getEventId());
		Run sinceTime = tail(Topics.Names.WECHAT_EVENTS, "--since", NOW.minus(Duration.ofMinutes(25)).toString());
		assertThat(sinceTime.eventIds()).containsExactly(text.getEventId());
		assertThat(sinceTime.lines).hasSize(2);
		assertThat(tail(Topics.Names.WECHAT_EVENTS, "--since", "1m").lines).isEmpty();
	}

	@Test
	void shouldStopAfterMaxRecords() throws Exception {
		Run run = tail(Topics.Names.WECHAT_EVENTS, "--max", "2");
		assertThat(run.exitCode).isZero();
		assertThat(run.lines).hasSize(2);
	}

	@Test
	void shouldCountPerAccountAndType() throws Exception {
		Run run = tail(Topics.Names.WECHAT_EVENTS, "--count");
		assertThat(run.exitCode).isZero();
		assertThat(run.lines).hasSize(1);
		JsonNode summary = run.lines.get(0);
		assertThat(summary.get("topic").asText()).isEqualTo("wechat.events");
		assertThat(summary.get("records").asLong()).isEqualTo(3);
		assertThat(summary.get("undecodable").asLong()).isEqualTo(1);
		assertThat(summary.get("byAccount").toString()).isEqualTo("{\"main\":2,\"other\":1}");
		assertThat(summary.get("byType").toString()).isEqualTo("{\"SCAN\":1,\"subscribe\":1,\"text\":1}");
		assertThat(summary.get("byAccountAndType").toString())
			.isEqualTo("{\"main\":{\"SCAN\":1,\"subscribe\":1},\"other\":{\"text\":1}}");
		JsonNode filtered = tail(Topics.Names.WECHAT_EVENTS, "--count", "--account", "main", "--since", "1h").lines
			.get(0);
		assertThat(filtered.get("records").asLong()).isEqualTo(1);
		assertThat(filtered.get("byType").toString()).isEqualTo("{\"SCAN\":1}");
	}

	@Test
	void shouldPrintAndCountLoginOutcomes() throws Exception {
		Run lines = tail(Topics.Names.LOGINS);
		assertThat(lines.lines).hasSize(2)
			.allSatisfy((line) -> assertThat(line.get("schema").asText()).isEqualTo("LoginResult/v1"));
		assertThat(lines.lines.get(0).get("value").get("outcome").asText()).isEqualTo("SUCCEEDED");
		assertThat(lines.lines.get(1).get("value").get("reason").asText()).isEqualTo("ticket already used");
		assertThat(tail(Topics.Names.LOGINS, "--type", "rejected").lines).hasSize(1);
		JsonNode summary = tail(Topics.Names.LOGINS, "--count").lines.get(0);
		assertThat(summary.get("byOutcome").toString()).isEqualTo("{\"REJECTED\":1,\"SUCCEEDED\":1}");
		assertThat(summary.get("byAccountAndOutcome").toString())
			.isEqualTo("{\"main\":{\"REJECTED\":1,\"SUCCEEDED\":1}}");
	}

	@Test
	void shouldExitOneWhenTheTopicDoesNotExistOnTheBroker() {
		Run run = tail(Topics.Names.QR_TICKETS, "--timeout", "5");
		assertThat(run.exitCode).isEqualTo(1);
		assertThat(run.err).contains("Topic wechat.qr-tickets does not exist at " + broker.bootstrapServers());
	}

	@Test
	void shouldFollowNewRecordsUntilStoppedThenEndCleanly() throws Exception {
		String topic = "wechat.events.subscribe";
		WechatEvent before = TestEvents.subscribe("scene-a", "TICKET-A").build();
		WechatEvent after = TestEvents.subscribe("scene-b", "TICKET-B").build();
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			send(producer, topic, 0, Instant.now(), key(before), TailRecords.wechatEventCurrent(before));
			producer.flush();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			TailStop stop = new TailStop();
			CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> SaomaCli.execute(
					new String[] { "tail", topic, "--follow", "--bootstrap-server", broker.bootstrapServers() },
					new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8), stop, Clock.systemUTC()));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> out.toString(StandardCharsets.UTF_8).contains(before.getEventId()));
			send(producer, topic, 0, Instant.now(), key(after), TailRecords.wechatEventCurrent(after));
			producer.flush();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> out.toString(StandardCharsets.UTF_8).contains(after.getEventId()));
			assertThat(exitCode).isNotDone();
			stop.stop();
			assertThat(exitCode.get(10, TimeUnit.SECONDS)).isZero();
			assertThat(
					new Run(0, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)).eventIds())
				.containsExactly(before.getEventId(), after.getEventId());
			assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
		}
	}

	@Test
	void shouldPrintTheSummaryWhenAFollowingCountIsStopped() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TailStop stop = new TailStop();
		CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> SaomaCli.execute(
				new String[] { "tail", Topics.Names.LOGINS, "--follow", "--count", "--bootstrap-server",
						broker.bootstrapServers() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err, stop, Clock.systemUTC()));
		await().atMost(Duration.ofSeconds(30)).until(stop::reading);
		assertThat(out.size()).isZero();
		stop.stop();
		assertThat(exitCode.get(10, TimeUnit.SECONDS)).isZero();
		Run run = new Run(0, out.toString(StandardCharsets.UTF_8), "");
		assertThat(run.lines).hasSize(1);
		assertThat(run.lines.get(0).get("topic").asText()).isEqualTo(Topics.Names.LOGINS);
		assertThat(run.lines.get(0).has("byOutcome")).isTrue();
	}

	@Test
	void shouldLeaveNoConsumerGroupBehind() throws Exception {
		assertThat(tail(Topics.Names.WECHAT_EVENTS).exitCode).isZero();
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		try (Admin admin = Admin.create(config)) {
			assertThat(admin.listGroups().all().get(10, TimeUnit.SECONDS)).isEmpty();
		}
	}

	private static Run tail(String topic, String... options) {
		List<String> args = new ArrayList<>(List.of("tail", topic, "--bootstrap-server", broker.bootstrapServers()));
		args.addAll(List.of(options));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = SaomaCli.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), new TailStop(), Clock.systemUTC());
		return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private static KafkaProducer<byte[], byte[]> producer() {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, Instant timestamp,
			byte[] key, byte[] value) throws Exception {
		producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), key, value))
			.get(30, TimeUnit.SECONDS);
	}

	private static byte[] key(WechatEvent event) {
		return keyText(event).getBytes(StandardCharsets.UTF_8);
	}

	private static String keyText(WechatEvent event) {
		return EventKeys.of(event.getAppId(), event.getFromUserName());
	}

	/** What one run printed. */
	private static final class Run {

		private final int exitCode;

		private final List<JsonNode> lines = new ArrayList<>();

		private final String err;

		Run(int exitCode, String out, String err) {
			this.exitCode = exitCode;
			this.err = err;
			out.lines().forEach((line) -> {
				try {
					this.lines.add(MAPPER.readTree(line));
				}
				catch (Exception ex) {
					throw new AssertionError("Not a JSON line: " + line, ex);
				}
			});
		}

		JsonNode byEventId(String eventId) {
			return this.lines.stream()
				.filter((line) -> line.has("value") && eventId.equals(line.get("value").get("eventId").asText()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No line of event " + eventId + " in " + this.lines));
		}

		List<String> eventIds() {
			return this.lines.stream()
				.filter((line) -> line.has("value"))
				.map((line) -> line.get("value").get("eventId").asText())
				.toList();
		}

	}

}
