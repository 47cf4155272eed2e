package io.saoma.receiver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.saoma.common.AcknowledgedSends;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.KafkaBrokerProcess;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * During a broker outage the writes waiting for the broker never exceed
 * {@code wechat.receiver.max-pending-sends}: further pushes are answered 503
 * {@code broker_busy} at once and, never handed to the producer, are not in the topic
 * after the broker is back. The broker runs as a separate process so that it can really
 * be killed.
 */
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.OwnProcess.class)
@TestPropertySource(properties = { "wechat.accounts.main.encryption-mode=plaintext",
		"wechat.receiver.publish-timeout=1500ms", "wechat.receiver.max-pending-sends=2" })
class ReceiverSendBoundIT {

	private static final int BOUND = 2;

	private static final int PUSHES = 12;

	@Autowired
	KafkaBrokerProcess broker;

	@LocalServerPort
	int port;

	@Autowired
	AcknowledgedSends<String, WechatEvent> sends;

	@Test
	void shouldAnswerBrokerBusyAtOnceOverTheBoundAndNeverPublishWhatWasNotHandedToTheProducer() {
		WebTestClient client = ReceiverPosts.client(this.port);
		long now = Instant.now().getEpochSecond();
		String before = ReceiverKafkaContract.openId();
		assertThat(ReceiverPosts.post(client, push(now, "before", before)).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(this.sends.pending()).isZero();

		this.broker.kill();
		// the producer forgets the topic's metadata when its broker goes away: every send
		// then blocks a kafka-send
		// thread for max.block.ms (1 s). Many pushes at once: at most BOUND get that far,
		// the rest are refused at once.
		Map<String, String> outcomes = new ConcurrentHashMap<>();
		Map<String, Duration> durations = new ConcurrentHashMap<>();
		AtomicInteger mostPending = new AtomicInteger();
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		Flux.range(0, PUSHES).flatMap((i) -> {
			String user = ReceiverKafkaContract.openId();
			Push push = push(now, "burst-" + i, user);
			long start = System.nanoTime();
			return web.post()
				.uri("/wechat/main?" + push.query())
				.contentType(MediaType.parseMediaType(push.contentType()))
				.bodyValue(push.body())
				.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty(""))
				.doOnNext((body) -> {
					mostPending.accumulateAndGet(this.sends.pending(), Math::max);
					outcomes.put(user, body);
					durations.put(user, Duration.ofNanos(System.nanoTime() - start));
				});
		}, PUSHES).then().block(Duration.ofSeconds(30));
		assertThat(outcomes).hasSize(PUSHES);
		assertThat(outcomes.values()).allSatisfy((body) -> assertThat(body).containsAnyOf("\"error\":\"broker_busy\"",
				"\"error\":\"broker_timeout\"", "\"error\":\"broker_error\""));
		List<String> refused = outcomes.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().contains("broker_busy"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(refused).hasSizeGreaterThanOrEqualTo(PUSHES - BOUND);
		assertThat(mostPending.get()).isLessThanOrEqualTo(BOUND);
		// at once, not after max.block.ms or the publish timeout
		assertThat(refused).allSatisfy((user) -> assertThat(durations.get(user)).isLessThan(Duration.ofMillis(900)));

		this.broker.restart();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.sends.pending() == 0);
		String after = ReceiverKafkaContract.openId();
		Push last = push(now, "after", after);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			EntityExchangeResult<String> answer = ReceiverPosts.post(client, last);
			assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
			assertThat(this.sends.pending()).isLessThanOrEqualTo(BOUND);
		});

		// before and after; a write handed to the producer before its 503 could land
		// late, a refused one never
		List<String> users = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			users.clear();
			TopicReader.of(this.broker)
				.readFromBeginning(Topics.Names.WECHAT_EVENTS, 1000, Duration.ofSeconds(2), new StringDeserializer(),
						AvroSerdes.wechatEvent().deserializer())
				.forEach((record) -> users.add(record.value().getFromUserName()));
			assertThat(users).contains(before, after);
		});
		assertThat(users).doesNotContainAnyElementsOf(refused);
	}

	private static Push push(long now, String nonce, String user) {
		return TestPushes.plaintext(ReceiverKafkaContract.KEYS, now, nonce, ReceiverKafkaContract.scan(user, nonce));
	}

}
