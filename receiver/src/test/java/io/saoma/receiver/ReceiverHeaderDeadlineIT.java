package io.saoma.receiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.receiver.TestPushes.Push;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static io.saoma.testsupport.net.RawConnections.isClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that trickles its request line one byte at a time, each byte well within the
 * idle timeout (15 s), is answered 408 and closed once
 * {@code wechat.receiver.header-timeout} (the default, 2 s) has passed, while a push on
 * another connection is still served meanwhile.
 */
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.Shared.class)
@TestPropertySource(properties = { "wechat.accounts.main.encryption-mode=plaintext" })
class ReceiverHeaderDeadlineIT {

	private static final byte[] TRICKLE = "POST /wechat/main?".getBytes(StandardCharsets.US_ASCII);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Test
	void shouldCloseAConnectionTricklingItsRequestLineWhileServingAPushOnAnother() throws IOException {
		try (Socket slow = new Socket("127.0.0.1", this.port)) {
			slow.setSoTimeout(50);
			OutputStream out = slow.getOutputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			int[] sent = { 0 };
			trickle(out, sent);

			Push push = TestPushes.plaintext(ReceiverKafkaContract.KEYS, Instant.now().getEpochSecond(), "fast",
					ReceiverKafkaContract.scan(ReceiverKafkaContract.openId(), "fast"));
			EntityExchangeResult<String> served = ReceiverPosts.post(ReceiverPosts.client(this.port), push);
			assertThat(served.getStatus()).isEqualTo(HttpStatus.OK);
			assertThat(served.getResponseBody()).isEqualTo("success");

			// read what came first (a write after the server closed may reset the
			// connection and lose its answer), then one
			// byte per poll, every 200 ms, far inside the 15 s idle timeout; at most 15 s
			// (75 bytes) in all
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> isClosed(slow, answer) || !trickle(out, sent));
			assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
		}
		// counted on the server's side of the close, which the client may see first
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry.counter("wechat.receiver.connections.header-timeout").count())
				.isGreaterThanOrEqualTo(1));
	}

	/**
	 * Sends the next byte of the request line (then query characters); whether the write
	 * went through.
	 */
	private static boolean trickle(OutputStream out, int[] sent) {
		try {
			out.write((sent[0] < TRICKLE.length) ? TRICKLE[sent[0]] : 'a');
			out.flush();
			sent[0]++;
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
