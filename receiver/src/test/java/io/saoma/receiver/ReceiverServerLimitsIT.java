package io.saoma.receiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.web.WechatHandler;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.saoma.testsupport.net.RawConnections.isClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's limits against a real broker, driven from raw sockets on 127.0.0.1: a body
 * that stalls is cut off after {@code wechat.receiver.body-read-timeout} (the default, 3
 * s), and pushes over {@code wechat.receiver.max-concurrent-pushes} are answered 503
 * {@code overloaded} at once while a push still succeeds once capacity frees.
 */
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.Shared.class)
@TestPropertySource(properties = { "wechat.accounts.main.encryption-mode=plaintext",
		"wechat.receiver.publish-timeout=3s", "wechat.receiver.max-concurrent-pushes=2" })
class ReceiverServerLimitsIT {

	@LocalServerPort
	int port;

	@Autowired
	WechatHandler handler;

	@RegisterExtension
	final ReceiverPosts.Sockets sockets = new ReceiverPosts.Sockets();

	@Test
	void shouldCloseTheConnectionOfABodyThatStallsWithinTheBodyReadTimeout() throws IOException {
		Push push = TestPushes.plaintext(ReceiverKafkaContract.KEYS, Instant.now().getEpochSecond(), "slow",
				ReceiverKafkaContract.scan(ReceiverKafkaContract.openId(), "slow"));
		Socket socket = stall(push, 5, 37);
		long start = System.nanoTime();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> isClosed(socket, answer));
		// the default body-read-timeout is 3 s; room for a busy machine, without the
		// limit it stayed open for good
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408")
			.contains("{\"error\":\"body_timeout\"");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handler.pushesInFlight() == 0);
	}

	@Test
	void shouldCloseTheConnectionOfARequestRefusedBeforeItsBodyWasReadEvenIfTheBodyStalls() throws IOException {
		Push push = TestPushes
			.plaintext(ReceiverKafkaContract.KEYS, Instant.now().getEpochSecond(), "forged",
					ReceiverKafkaContract.scan(ReceiverKafkaContract.openId(), "forged"))
			.withParameter("signature", "0".repeat(40));
		Socket socket = stall(push, 5, 37);
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> isClosed(socket));
	}

	@Test
	void shouldAnswerPushesOverTheConcurrencyCap503AtOnceAndAcceptOneOnceCapacityFrees() throws IOException {
		Map<TopicPartition, Long> before = TopicReader.of(EmbeddedKraftBroker.shared())
			.endOffsets(Topics.Names.WECHAT_EVENTS);
		long now = Instant.now().getEpochSecond();
		Socket first = stall(TestPushes.plaintext(ReceiverKafkaContract.KEYS, now, "s1",
				ReceiverKafkaContract.scan(ReceiverKafkaContract.openId(), "s1")), 5, 400);
		Socket second = stall(TestPushes.plaintext(ReceiverKafkaContract.KEYS, now, "s2",
				ReceiverKafkaContract.scan(ReceiverKafkaContract.openId(), "s2")), 5, 400);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handler.pushesInFlight() == 2);

		WebTestClient client = ReceiverPosts.client(this.port);
		String refusedUser = ReceiverKafkaContract.openId();
		long start = System.nanoTime();
		EntityExchangeResult<String> refused = ReceiverPosts.post(client, TestPushes
			.plaintext(ReceiverKafkaContract.KEYS, now, "over", ReceiverKafkaContract.scan(refusedUser, "over")));
		assertThat(refused.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponseBody()).contains("\"error\":\"overloaded\"");
		// at once: not after the stalled bodies' 3 s read timeout
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

		first.close();
		second.close();
		String acceptedUser = ReceiverKafkaContract.openId();
		Push accepted = TestPushes.plaintext(ReceiverKafkaContract.KEYS, now, "ok",
				ReceiverKafkaContract.scan(acceptedUser, "ok"));
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			EntityExchangeResult<String> answer = ReceiverPosts.post(client, accepted);
			assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
			assertThat(answer.getResponseBody()).isEqualTo("success");
		});

		List<ConsumerRecord<String, WechatEvent>> records = TopicReader.of(EmbeddedKraftBroker.shared())
			.readFrom(before, 1, Duration.ofSeconds(10), new StringDeserializer(),
					AvroSerdes.wechatEvent().deserializer());
		assertThat(records).extracting((record) -> record.value().getFromUserName())
			.contains(acceptedUser)
			.doesNotContain(refusedUser);
	}

	/**
	 * Sends a push's headers with a {@code Content-Length} of {@code declared} and only
	 * {@code sent} bytes of its body, then nothing.
	 */
	private Socket stall(Push push, int sent, int declared) throws IOException {
		Socket socket = this.sockets.connect(this.port);
		OutputStream out = socket.getOutputStream();
		String head = "POST /wechat/main?" + push.query() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
				+ push.contentType() + "\r\nContent-Length: " + declared + "\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(push.body().getBytes(StandardCharsets.UTF_8), 0, sent);
		out.flush();
		return socket;
	}

}
