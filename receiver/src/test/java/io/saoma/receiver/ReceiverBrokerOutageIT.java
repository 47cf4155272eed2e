package io.saoma.receiver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.saoma.receiver.TestPushes.Push;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.KafkaBrokerProcess;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the broker killed, a push is answered 503 within the publish deadline, never
 * {@code success}, so WeChat retries; once the broker is back the same push is accepted
 * and is in the topic. The broker runs as a separate process so that it can really be
 * killed.
 */
@SpringBootTest(classes = ReceiverApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "wechat.accounts.main.app-id=wxba5fad812f8e6fb9",
				"wechat.accounts.main.token=AAAAA",
				"wechat.accounts.main.encoding-aes-key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				"wechat.receiver.publish-timeout=1500ms" })
@DirtiesContext
class ReceiverBrokerOutageIT {

	private static final Duration DEADLINE = Duration.ofMillis(1500);

	private static KafkaBrokerProcess broker;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		broker = KafkaBrokerProcess.start();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void shouldAnswer503WithinTheDeadlineWhileTheBrokerIsDownAndAcceptTheSamePushOnceItIsBack() {
		WebTestClient client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
		long now = Instant.now().getEpochSecond();
		String before = ReceiverKafkaContract.openId();
		String during = ReceiverKafkaContract.openId();
		Push first = TestPushes.safe(ReceiverKafkaContract.KEYS, now, "1", ReceiverKafkaContract.scan(before, "a"));
		Push retried = TestPushes.safe(ReceiverKafkaContract.KEYS, now, "2", ReceiverKafkaContract.scan(during, "b"));
		assertThat(post(client, first).getStatus()).isEqualTo(HttpStatus.OK);

		broker.kill();
		long start = System.nanoTime();
		EntityExchangeResult<String> refused = post(client, retried);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(refused.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponseBody()).contains("broker_timeout").doesNotContain("success");
		// at the latest at the publish timeout; sooner when the producer stops waiting
		// for the topic's metadata
		// (max.block.ms, 1000 ms, kept below the publish timeout so no kafka-send thread
		// outlives the request)
		assertThat(took).isBetween(Duration.ofMillis(900), DEADLINE.plusSeconds(1));
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.components.kafka.status")
			.isEqualTo("DOWN");

		broker.restart();
		AtomicInteger attempts = new AtomicInteger();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			attempts.incrementAndGet();
			EntityExchangeResult<String> answer = post(client, retried);
			assertThat(answer.getStatus()).isIn(HttpStatus.OK, HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
			assertThat(answer.getResponseBody()).isEqualTo("success");
		});

		List<ConsumerRecord<String, WechatEvent>> records = TopicReader.of(broker)
			.readFromBeginning(Topics.Names.WECHAT_EVENTS, 1 + attempts.get() + 1, Duration.ofSeconds(5),
					new StringDeserializer(), AvroSerdes.wechatEvent().deserializer());
		List<String> users = records.stream().map((record) -> record.value().getFromUserName()).toList();
		assertThat(users).containsOnlyOnce(before);
		// the retry that was answered success is there; the write answered 503 may also
		// land late (at-least-once)
		assertThat(users).filteredOn(during::equals).isNotEmpty();
	}

	private static EntityExchangeResult<String> post(WebTestClient client, Push push) {
		return client.post()
			.uri("/wechat/main?" + push.query())
			.contentType(MediaType.parseMediaType(push.contentType()))
			.bodyValue(push.body())
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
