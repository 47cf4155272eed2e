package io.saoma.loginprocessor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.saoma.loginprocessor.confirm.ConfirmationListener;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.kafka.TopicReader;
import io.saoma.testsupport.wechat.FakeWechatApi;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The login confirmation on a real broker, with a fake WeChat on a real socket: each
 * SUCCEEDED login gets one customer-service text, and only those; once across a restart
 * with the group's offsets reset, and when the same login is written twice; a refusal for
 * good is dead-lettered at once with its reason, a passing failure retried; a stale login
 * is skipped; and a WeChat that does not answer never holds a login back. After each
 * test, every openid of the class has had at most one message delivered.
 */
class LoginConfirmationIT {

	private static final String TEXT = "你已登录 {time}。不是你？请回复";

	private static final String DLT = Topics.Names.CONFIRMATION_DLT;

	private static FakeWechatApi wechat;

	private static LoginProcessorRun processor;

	/** The calls the fake answered with an error, or that the client gave up on. */
	private static final Set<RecordedRequest> FAILED_CALLS = Collections
		.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	@BeforeAll
	static void start() {
		wechat = FakeWechatApi.issuingQrCodes();
		processor = LoginProcessorRun.start("login-confirmation-it", "--wechat.api.base-url=" + wechat.baseUrl(),
				"--wechat.api.timeout=3s", "--login.confirmation.accounts.main.text=" + TEXT,
				"--login.confirmation.retry.attempts=4", "--login.confirmation.retry.initial-delay=200ms",
				"--login.confirmation.retry.max-delay=500ms");
	}

	@AfterAll
	static void stop() {
		if (processor != null) {
			processor.close();
		}
		if (wechat != null) {
			wechat.close();
		}
	}

	@AfterEach
	void everyOpenIdGotAtMostOneMessage() {
		Map<String, Long> delivered = sends().stream()
			.filter((request) -> !request.failed())
			.collect(Collectors.groupingBy(Send::openId, Collectors.counting()));
		assertThat(delivered).allSatisfy((openId, count) -> assertThat(count).as(openId).isEqualTo(1));
	}

	@Test
	void shouldConfirmEachSucceededLoginOnceWithItsTextAndNoOtherOutcome() {
		String suffix = suffix();
		List<LoginResult> succeeded = IntStream.range(0, 5)
			.mapToObj((i) -> login("ok" + i + "-" + suffix, LoginOutcome.SUCCEEDED, Instant.now()))
			.toList();
		LoginResult expired = login("expired-" + suffix, LoginOutcome.EXPIRED, Instant.now());
		LoginResult rejected = login("rejected-" + suffix, LoginOutcome.REJECTED, Instant.now());

		publish(expired, rejected);
		publish(succeeded.toArray(LoginResult[]::new));
		awaitAllConsumed();

		for (LoginResult login : succeeded) {
			List<Send> sent = sendsTo(login.getOpenId());
			assertThat(sent).hasSize(1);
			assertThat(sent.get(0).body()).contains("\"msgtype\":\"text\"").contains("你已登录 ").contains("。不是你？请回复");
			assertThat(sent.get(0).path()).contains("access_token=FAKE-TOKEN");
		}
		assertThat(sendsTo(expired.getOpenId())).isEmpty();
		assertThat(sendsTo(rejected.getOpenId())).isEmpty();
	}

	@Test
	void shouldConfirmEveryLoginOnceAcrossARestartAndAnOffsetReset() {
		String suffix = suffix();
		List<LoginResult> logins = IntStream.range(0, 8)
			.mapToObj((i) -> login("restart" + i + "-" + suffix, LoginOutcome.SUCCEEDED, Instant.now()))
			.toList();
		// each message takes a while, so that the restart comes in the middle
		for (int i = 0; i < logins.size(); i++) {
			wechat.answer(FakeWechatApi.CUSTOM_SEND_PATH,
					new MockResponse.Builder().code(200)
						.body("{\"errcode\":0,\"errmsg\":\"ok\"}")
						.headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS)
						.build());
		}
		publish(logins.toArray(LoginResult[]::new));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> logins.stream().filter((login) -> !sendsTo(login.getOpenId()).isEmpty()).count() >= 2);

		// stopped mid-stream, and its group made to read wechat.logins again from the
		// start
		processor.restart(() -> resetConfirmationOffsets());
		awaitAllConsumed();

		for (LoginResult login : logins) {
			assertThat(sendsTo(login.getOpenId())).as(login.getLoginId()).hasSize(1);
		}
	}

	@Test
	void shouldConfirmALoginWrittenTwiceOnce() {
		LoginResult login = login("twice-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now());

		publish(login, login);
		awaitAllConsumed();

		assertThat(sendsTo(login.getOpenId())).hasSize(1);
	}

	@Test
	void shouldDeadLetterARefusalForGoodAtOnceWithItsReason() {
		LoginResult login = login("refused-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now());
		failWith(FakeWechatApi.error(45015, "response out of time limit"));
		TopicReader reader = TopicReader.of(processor.broker());
		Map<TopicPartition, Long> dltStart = reader.endOffsets(DLT);

		publish(login);

		ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(30))
			.until(() -> reader
				.readFrom(dltStart, Integer.MAX_VALUE, Duration.ofMillis(500), new StringDeserializer(),
						new ByteArrayDeserializer())
				.stream()
				.filter((record) -> login.getLoginId().equals(record.key()))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(header(dead, "saoma-confirmation-reason")).isEqualTo("errcode-45015");
		assertThat(AvroSerdes.loginResult().decode(dead.value())).isEqualTo(login);
		assertThat(sendsTo(login.getOpenId())).hasSize(1);
	}

	@Test
	void shouldRetryWhileWechatIsBusyOrFailingAndSendOneMessage() {
		LoginResult login = login("busy-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now());
		failWith(FakeWechatApi.error(-1, "system error"));
		failWith(new MockResponse.Builder().code(500).body("oops").build());

		publish(login);

		await().atMost(Duration.ofSeconds(30)).until(() -> sendsTo(login.getOpenId()).size() == 3);
		awaitAllConsumed();
		assertThat(sendsTo(login.getOpenId())).extracting(Send::failed).containsExactly(true, true, false);
	}

	@Test
	void shouldRefreshARejectedTokenAndSendOnce() {
		LoginResult login = login("token-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now());
		int tokenRequests = wechat.requests(FakeWechatApi.TOKEN_PATH).size();
		failWith(FakeWechatApi.error(40001, "invalid credential"));

		publish(login);

		await().atMost(Duration.ofSeconds(30)).until(() -> sendsTo(login.getOpenId()).size() == 2);
		awaitAllConsumed();
		assertThat(sendsTo(login.getOpenId())).extracting(Send::failed).containsExactly(true, false);
		assertThat(wechat.requests(FakeWechatApi.TOKEN_PATH)).hasSize(tokenRequests + 1);
	}

	@Test
	void shouldNotConfirmALoginDecidedLongerAgoThanTheMaxAge() {
		LoginResult stale = login("stale-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now().minusSeconds(11 * 60));
		LoginResult fresh = login("fresh-" + suffix(), LoginOutcome.SUCCEEDED, Instant.now());

		publish(stale, fresh);
		awaitAllConsumed();

		assertThat(sendsTo(stale.getOpenId())).isEmpty();
		assertThat(sendsTo(fresh.getOpenId())).hasSize(1);
	}

	@Test
	void shouldDecideTheLoginWhileWechatDoesNotAnswerTheConfirmation() {
		String suffix = suffix();
		String ticket = "HANG-" + suffix;
		String loginId = "login-hang-" + suffix;
		String openId = "o-hang-" + suffix;
		CountDownLatch release = new CountDownLatch(1);
		wechat.answerWith(FakeWechatApi.CUSTOM_SEND_PATH, (request) -> {
			// the client gives up after wechat.api.timeout: not delivered as far as it
			// knows
			FAILED_CALLS.add(request);
			try {
				release.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return FakeWechatApi.json("{\"errcode\":0}");
		});
		TopicReader reader = TopicReader.of(processor.broker());
		Map<TopicPartition, Long> statusStart = reader.endOffsets(Topics.Names.LOGIN_STATUS);
		try (KafkaProducer<String, byte[]> producer = processor.producer()) {
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, ticket,
					AvroSerdes.qrTicket()
						.encode(new QrTicket(loginId, "main", TestEvents.APP_ID, "scene-" + ticket, ticket,
								"http://weixin.qq.com/q/" + ticket, Instant.now(), Instant.now().plusSeconds(300),
								null))));
			producer.flush();
			producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(TestEvents.APP_ID, openId),
					AvroSerdes.wechatEvent()
						.encode(TestEvents.scan("scene-" + ticket, ticket)
							.appId(TestEvents.APP_ID)
							.from(openId)
							.createTime(Instant.now())
							.encryption(EncryptionMode.SAFE)
							.withoutDedupId()
							.build())));
			producer.flush();
		}
		try {
			// the confirmation is stuck in WeChat (up to wechat.api.timeout, 3 s) ...
			await().atMost(Duration.ofSeconds(10)).until(() -> sendsTo(openId).size() == 1);
			// ... and the login succeeded all the same, without waiting for it
			await().atMost(Duration.ofSeconds(2))
				.until(() -> reader
					.readFrom(statusStart, Integer.MAX_VALUE, Duration.ofMillis(200), new StringDeserializer(),
							AvroSerdes.loginStatus().deserializer())
					.stream()
					.map(ConsumerRecord::value)
					.anyMatch((status) -> loginId.equals(status.getLoginId())
							&& status.getState() == LoginState.SUCCEEDED));
			assertThat(release.getCount()).isEqualTo(1);
			// the call that timed out is retried: the message goes out once
			await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(openId).size() == 2);
		}
		finally {
			release.countDown();
		}
		awaitAllConsumed();
	}

	private static void failWith(MockResponse answer) {
		wechat.answerWith(FakeWechatApi.CUSTOM_SEND_PATH, (request) -> {
			FAILED_CALLS.add(request);
			return answer;
		});
	}

	private static String suffix() {
		return Long.toHexString(System.nanoTime());
	}

	private static LoginResult login(String name, LoginOutcome outcome, Instant decided) {
		// as Avro keeps it
		Instant decidedAt = decided.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		return LoginResult.newBuilder()
			.setLoginId("login-" + name)
			.setAccount("main")
			.setAppId(TestEvents.APP_ID)
			.setOutcome(outcome)
			.setOpenId("o-" + name)
			.setScene("scene-" + name)
			.setTicket("TICKET-" + name)
			.setCreatedAt(decidedAt.minusSeconds(10))
			.setExpiresAt(decidedAt.plusSeconds(290))
			.setScannedAt((outcome == LoginOutcome.EXPIRED) ? null : decidedAt.minusSeconds(1))
			.setDecidedAt(decidedAt)
			.setReason((outcome == LoginOutcome.REJECTED) ? "the ticket was already used" : null)
			.build();
	}

	private static void publish(LoginResult... logins) {
		try (KafkaProducer<String, byte[]> producer = processor.producer()) {
			for (LoginResult login : logins) {
				producer.send(new ProducerRecord<>(Topics.Names.LOGINS, login.getLoginId(),
						AvroSerdes.loginResult().encode(login)));
			}
			producer.flush();
		}
	}

	/**
	 * Waits until the confirmation group has committed every login written so far: by
	 * then every login was dealt with (or handed to a retry topic). The target is the
	 * offset after each partition's last record, not the end offset, which also counts
	 * the commit markers of Kafka Streams' transactions.
	 */
	private static void awaitAllConsumed() {
		Map<TopicPartition, Long> targets = TopicReader.of(processor.broker())
			.readFromBeginning(Topics.Names.LOGINS, Integer.MAX_VALUE, Duration.ofSeconds(1))
			.stream()
			.collect(Collectors.toMap((record) -> new TopicPartition(record.topic(), record.partition()),
					(record) -> record.offset() + 1, Math::max));
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, processor.broker().bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin
					.listConsumerGroupOffsets(ConfirmationListener.GROUP)
					.partitionsToOffsetAndMetadata()
					.get();
				return targets.entrySet()
					.stream()
					.allMatch((target) -> committed.get(target.getKey()) != null
							&& committed.get(target.getKey()).offset() >= target.getValue());
			});
		}
	}

	private static void resetConfirmationOffsets() {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, processor.broker().bootstrapServers()))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin
				.listConsumerGroupOffsets(ConfirmationListener.GROUP)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetAndMetadata> start = committed.keySet()
				.stream()
				.filter((partition) -> partition.topic().equals(Topics.Names.LOGINS))
				.collect(Collectors.toMap(Function.identity(), (partition) -> new OffsetAndMetadata(0)));
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.untilAsserted(() -> admin.alterConsumerGroupOffsets(ConfirmationListener.GROUP, start).all().get());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Send> sends() {
		return wechat.requests(FakeWechatApi.CUSTOM_SEND_PATH).stream().map(Send::of).toList();
	}

	private static List<Send> sendsTo(String openId) {
		return sends().stream().filter((send) -> openId.equals(send.openId())).toList();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * A custom/send call the fake received.
	 *
	 * @param openId the recipient
	 * @param body the JSON body
	 * @param path the path and query
	 * @param failed whether the fake answered it with an error (scripted answers)
	 */
	private record Send(String openId, String body, String path, boolean failed) {

		static Send of(RecordedRequest request) {
			String body = (request.getBody() != null) ? request.getBody().utf8() : "";
			int start = body.indexOf("\"touser\":\"") + "\"touser\":\"".length();
			String openId = body.substring(start, body.indexOf('"', start));
			return new Send(openId, body, request.getUrl().toString(), FAILED_CALLS.contains(request));
		}

	}

}
