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
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
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
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.OwnProcess.class)
@TestPropertySource(properties = { "wechat.receiver.publish-timeout=1500ms" })
class ReceiverBrokerOutageIT {

	private static final Duration DEADLINE = Duration.ofMillis(1500);

	@Autowired
	KafkaBrokerProcess broker;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldAnswer503WithinTheDeadlineWhileTheBrokerIsDownAndAcceptTheSamePushOnceItIsBack() {
		WebTestClient client = ReceiverPosts.client(this.port);
		long now = Instant.now().getEpochSecond();
		String before = ReceiverKafkaContract.openId();
		String during = ReceiverKafkaContract.openId();
		Push first = TestPushes.safe(ReceiverKafkaContract.KEYS, now, "1", ReceiverKafkaContract.scan(before, "a"));
		Push retried = TestPushes.safe(ReceiverKafkaContract.KEYS, now, "2", ReceiverKafkaContract.scan(during, "b"));
		assertThat(ReceiverPosts.post(client, first).getStatus()).isEqualTo(HttpStatus.OK);

		this.broker.kill();
		long start = System.nanoTime();
		EntityExchangeResult<String> refused = ReceiverPosts.post(client, retried);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(refused.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponseBody()).contains("broker_timeout").doesNotContain("success");
		// at the latest at the publish timeout; sooner when the producer stops waiting
		// for the topic's metadata
		// (max.block.ms, 1000 ms, kept below the publish timeout so no kafka-send thread
		// outlives the request)
		assertThat(took).isBetween(Duration.ofMillis(900), DEADLINE.plusSeconds(1));
		ReceiverPosts.client(this.managementPort)
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.components.kafka.status")
			.isEqualTo("DOWN");

		this.broker.restart();
		AtomicInteger attempts = new AtomicInteger();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			attempts.incrementAndGet();
			EntityExchangeResult<String> answer = ReceiverPosts.post(client, retried);
			assertThat(answer.getStatus()).isIn(HttpStatus.OK, HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
			assertThat(answer.getResponseBody()).isEqualTo("success");
		});

		List<ConsumerRecord<String, WechatEvent>> records = TopicReader.of(this.broker)
			.readFromBeginning(Topics.Names.WECHAT_EVENTS, 1 + attempts.get() + 1, Duration.ofSeconds(5),
					new StringDeserializer(), AvroSerdes.wechatEvent().deserializer());
		List<String> users = records.stream().map((record) -> record.value().getFromUserName()).toList();
		assertThat(users).containsOnlyOnce(before);
		// the retry that was answered success is there; the write answered 503 may also
		// land late (at-least-once)
		assertThat(users).filteredOn(during::equals).isNotEmpty();
	}

}
