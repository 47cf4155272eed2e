package io.saoma.loginprocessor.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.saoma.testsupport.net.RawConnections.isClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The header deadline on a real reactor-netty server on 127.0.0.1: a client trickling its
 * request line is answered 408 and closed, while a stream running far longer than the
 * deadline is not cut.
 */
class LoginServerLimitsIT {

	private static final Duration HEADER_TIMEOUT = Duration.ofMillis(500);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private DisposableServer server;

	@BeforeEach
	void start() {
		HttpServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/stream",
					(request, response) -> response.header("Content-Type", "text/event-stream")
						.sendString(Flux.interval(Duration.ofMillis(200)).take(8).map((i) -> "data: " + i + "\n\n"))));
		this.server = new LoginServerLimits(HEADER_TIMEOUT, this.registry).apply(http).bindNow();
	}

	@AfterEach
	void stop() {
		this.server.disposeNow();
	}

	@Test
	void shouldAnswer408AndCloseAConnectionTricklingItsRequestLine() throws IOException {
		byte[] line = "GET /stream?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			.getBytes(StandardCharsets.US_ASCII);
		try (Socket slow = new Socket("127.0.0.1", this.server.port())) {
			slow.setSoTimeout(50);
			OutputStream out = slow.getOutputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			int[] sent = { 0 };
			// what came first is read before the next byte (a write after the close may
			// reset the connection); one byte
			// per poll; at most 10 s (line.length bytes) in all
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> isClosed(slow, answer) || sent[0] >= line.length || !write(out, line[sent[0]++]));
			assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
		}
		// counted on the server's side of the close, which the client may see first
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry.counter("login.api.connections.header-timeout").count())
				.isEqualTo(1));
	}

	@Test
	void shouldNotCutAStreamThatOutlastsTheHeaderTimeout() {
		List<ServerSentEvent<String>> events = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.server.port())
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri("/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(events).extracting(ServerSentEvent::data).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
		assertThat(this.registry.counter("login.api.connections.header-timeout").count()).isZero();
	}

	private static boolean write(OutputStream out, byte b) {
		try {
			out.write(b);
			out.flush();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
