package io.saoma.forwarder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter re-drive of two forwarder instances on one real broker, against an
 * Authing stand-in over real HTTP: one re-drive at a time (the broker's group fences it),
 * every letter relayed once, counts that match what the endpoint received, the time
 * budget, a letter that fails again, retention below the committed offset, and the
 * endpoint only on the management port.
 */
class RedriveIT {

	private static final Logger logger = LoggerFactory.getLogger(RedriveIT.class);

	/**
	 * The account whose letters these tests re-drive; the endpoint's path tells its
	 * requests apart.
	 */
	private static final String ACCOUNT = "redrive";

	private static final String CONNECTION = "wx-redrive";

	private static final Duration SHORT_BUDGET = Duration.ofSeconds(5);

	private static AuthingStub authing;

	private static KafkaProducer<String, byte[]> letters;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static long deliveredBefore;

	@BeforeAll
	static void start() throws IOException {
		EmbeddedKraftBroker broker = ForwarderRuns.brokerWithEvents();
		authing = new AuthingStub();
		String group = "redrive-it-" + UUID.randomUUID();
		String[] common = { "--forwarder.accounts." + ACCOUNT + ".events-url=" + authing.eventsUrl(CONNECTION),
				"--forwarder.redrive.group=" + group };
		first = ForwarderRuns.start(broker.bootstrapServers(), authing, common);
		second = ForwarderRuns.start(broker.bootstrapServers(), authing,
				append(common, "--forwarder.redrive.time-budget=" + SHORT_BUDGET.toSeconds() + "s"));
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		letters = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void stop() {
		if (letters != null) {
			letters.close();
		}
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		authing.close();
	}

	/**
	 * Every test starts from an empty backlog: letters other tests (of this class or
	 * others) left are re-driven.
	 */
	@BeforeEach
	void drain() {
		authing.down(false);
		authing.delay(Duration.ZERO);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "completed".equals(redrive(first).body().get("outcome")) && pending(first) == 0);
		deliveredBefore = authing.deliveredTo(CONNECTION);
	}

	@Test
	void shouldServeTheReDriveOnTheManagementPortOnly() {
		WebClient application = WebClient
			.create("http://127.0.0.1:" + first.getEnvironment().getProperty("local.server.port"));
		assertThat(application.post()
			.uri("/actuator/relaydlt")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10))).isEqualTo(404);
		assertThat(application.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10))).isEqualTo(404);

		assertThat(first.getEnvironment().getProperty("local.management.port"))
			.isNotEqualTo(first.getEnvironment().getProperty("local.server.port"));
		assertThat(redrive(first).status()).isEqualTo(200);
		assertThat(pending(first)).isZero();
		assertThat(WebClient.create(RelayIT.management(first))
			.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10))).isEqualTo(200);
	}

	@Test
	void shouldRefuseASecondReDriveWhileOneRunsAndRelayEveryLetterOnce() {
		authing.delay(Duration.ofMillis(100));
		List<String> sent = deadLetter(30);
		assertThat(pending(first)).isEqualTo(30);

		CompletableFuture<Answer> running = CompletableFuture.supplyAsync(() -> redrive(first));
		await().atMost(Duration.ofSeconds(30)).until(() -> deliveredOf(sent) >= 2);
		Answer refused = redrive(second);
		Answer done = running.join();

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body()).containsEntry("outcome", "refused").containsEntry("relayed", 0);
		assertThat((String) refused.body().get("message")).contains("Another re-drive is running");
		assertThat(done.body()).containsEntry("outcome", "completed")
			.containsEntry("relayed", 30)
			.containsEntry("remaining", 0);
		assertDeliveredOnce(sent);
		assertThat(requestsTo(CONNECTION)).isEqualTo(30);
		assertThat(redrive(second).body()).containsEntry("outcome", "completed").containsEntry("relayed", 0);
		assertDeliveredOnce(sent);
	}

	@Test
	void shouldNeverRelayALetterTwiceWhenTwoReDrivesStartTogether() throws Exception {
		authing.delay(Duration.ofMillis(20));
		List<String> sent = deadLetter(60);
		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<Answer> a = CompletableFuture.supplyAsync(() -> awaitThen(go, first));
		CompletableFuture<Answer> b = CompletableFuture.supplyAsync(() -> awaitThen(go, second));
		go.countDown();
		Answer answerA = a.get(90, TimeUnit.SECONDS);
		Answer answerB = b.get(90, TimeUnit.SECONDS);
		logger.info("Two re-drives started together: {} and {}", answerA.body(), answerB.body());
		long relayed = relayed(answerA) + relayed(answerB);
		assertThat(List.of(answerA.body().get("outcome"), answerB.body().get("outcome"))).as("one of them goes on")
			.containsAnyOf("completed", "budget-used-up");
		// on a slow machine the one with the short budget may leave some for a next
		// re-drive
		relayed += relayed(redrive(first));
		assertDeliveredOnce(sent);
		assertThat(relayed).as("the answers' counts").isEqualTo(60);
		assertThat(requestsTo(CONNECTION)).as("what the endpoint received").isEqualTo(60);
	}

	@Test
	void shouldStopWhenTheTimeBudgetIsUsedUpAndGoOnFromThereNextTime() {
		authing.delay(Duration.ofMillis(300));
		List<String> sent = deadLetter(40);

		Answer partial = redrive(second);
		long relayed = relayed(partial);
		assertThat(partial.body()).containsEntry("outcome", "budget-used-up");
		assertThat(relayed).isPositive().isLessThan(40);
		assertThat(((Number) partial.body().get("remaining")).longValue()).isEqualTo(40 - relayed);
		assertThat(deliveredOf(sent)).isEqualTo(relayed);

		authing.delay(Duration.ZERO);
		Answer rest = redrive(first);
		assertThat(rest.body()).containsEntry("outcome", "completed").containsEntry("remaining", 0);
		assertThat(relayed(rest)).isEqualTo(40 - relayed);
		assertDeliveredOnce(sent);
	}

	@Test
	void shouldCommitNothingPastALetterThatFailsAgain() {
		List<String> sent = deadLetter(12);
		authing.down(true);

		Answer failed = redrive(first);
		assertThat(failed.body()).containsEntry("outcome", "stopped")
			.containsEntry("relayed", 0)
			.containsEntry("remaining", 12);
		assertThat(((Number) failed.body().get("failedAgain")).longValue()).isBetween(1L, 3L);
		assertThat(failed.body().get("stoppedAt")).asList().isNotEmpty();
		assertThat(pending(first)).isEqualTo(12);
		assertThat(deliveredOf(sent)).isZero();

		authing.down(false);
		List<Answer> answers = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			answers.add(redrive(first));
			return pending(first) == 0;
		});
		assertThat(answers.stream().mapToLong(RedriveIT::relayed).sum()).isEqualTo(12);
		assertDeliveredOnce(sent);
	}

	@Test
	void shouldCountLettersThatCanNeverBeRelayedApartAndPassThem() {
		List<String> sent = deadLetter(2);
		WechatEvent ofARemovedAccount = Scans.safe("removed");
		letters.send(new ProducerRecord<>(Topics.Names.RELAY_DLT, 1, "k",
				AvroSerdes.wechatEvent().encode(ofARemovedAccount)));
		letters
			.send(new ProducerRecord<>(Topics.Names.RELAY_DLT, 2, "k", "not a push".getBytes(StandardCharsets.UTF_8)));
		letters.flush();

		Answer answer = redrive(first);

		assertThat(answer.body()).containsEntry("outcome", "completed")
			.containsEntry("relayed", 2)
			.containsEntry("skippedNotRelayed", 1)
			.containsEntry("skippedUndecodable", 1)
			.containsEntry("failedAgain", 0)
			.containsEntry("remaining", 0);
		assertDeliveredOnce(sent);
		assertThat(requestsTo(CONNECTION)).isEqualTo(2);
		assertThat(pending(first)).isZero();
	}

	@Test
	void shouldStartAtTheFirstLetterLeftWhenRetentionDeletedLettersBelowTheCommittedOffset() throws Exception {
		TopicPartition partition = new TopicPartition(Topics.Names.RELAY_DLT, 0);
		List<String> sent = deadLetter(10, 0);
		long base = endOffset(partition) - 10;
		String group = first.getEnvironment().getProperty("forwarder.redrive.group");
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKraftBroker.shared().bootstrapServers()))) {
			admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(base + 3)))
				.all()
				.get(30, TimeUnit.SECONDS);
			admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(base + 6)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}

		Answer answer = redrive(first);
		assertThat(answer.body()).containsEntry("outcome", "completed").containsEntry("relayed", 4);
		assertThat(sent.subList(6, 10)).allMatch((id) -> authing.delivered().getOrDefault(id, 0L) == 1);
		assertThat(sent.subList(0, 6)).noneMatch(authing.delivered()::containsKey);
	}

	private static List<String> deadLetter(int count) {
		return deadLetter(count, -1);
	}

	/**
	 * Writes dead letters of {@link #ACCOUNT}, spread over the partitions, or all to one
	 * partition.
	 */
	private static List<String> deadLetter(int count, int onePartition) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			WechatEvent event = Scans.safe(ACCOUNT);
			ids.add(event.getEventId());
			letters.send(new ProducerRecord<>(Topics.Names.RELAY_DLT, (onePartition >= 0) ? onePartition : i % 3,
					EventKeys.of(event.getAppId(), event.getFromUserName()), AvroSerdes.wechatEvent().encode(event)));
		}
		letters.flush();
		return ids;
	}

	private static long endOffset(TopicPartition partition) {
		try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
				Map.of("bootstrap.servers", EmbeddedKraftBroker.shared().bootstrapServers()),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
			return consumer.endOffsets(List.of(partition)).get(partition);
		}
	}

	private static Answer awaitThen(CountDownLatch go, ConfigurableApplicationContext forwarder) {
		try {
			go.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return redrive(forwarder);
	}

	private static Answer redrive(ConfigurableApplicationContext forwarder) {
		return WebClient.create(RelayIT.management(forwarder))
			.post()
			.uri("/actuator/relaydlt")
			.exchangeToMono((response) -> response.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			}).map((body) -> new Answer(response.statusCode().value(), body)))
			.block(Duration.ofSeconds(90));
	}

	private static long pending(ConfigurableApplicationContext forwarder) {
		Map<String, Object> state = WebClient.create(RelayIT.management(forwarder))
			.get()
			.uri("/actuator/relaydlt")
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
		return ((Number) state.get("pending")).longValue();
	}

	private static long relayed(Answer answer) {
		return ((Number) answer.body().get("relayed")).longValue();
	}

	private static long deliveredOf(List<String> ids) {
		Map<String, Long> delivered = authing.delivered();
		return ids.stream().filter(delivered::containsKey).count();
	}

	private static void assertDeliveredOnce(List<String> ids) {
		Map<String, Long> delivered = authing.delivered();
		assertThat(ids).allSatisfy((id) -> assertThat(delivered.get(id)).as("deliveries of " + id).isEqualTo(1L));
	}

	/**
	 * Successful requests the endpoint received on one connection's path since the last
	 * {@link #drain()}.
	 */
	private static long requestsTo(String connection) {
		return authing.deliveredTo(connection) - deliveredBefore;
	}

	private static String[] append(String[] args, String arg) {
		String[] all = java.util.Arrays.copyOf(args, args.length + 1);
		all[args.length] = arg;
		return all;
	}

	record Answer(int status, Map<String, Object> body) {
	}

}
