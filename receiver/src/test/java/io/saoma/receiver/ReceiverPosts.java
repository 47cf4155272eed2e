package io.saoma.receiver;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.saoma.receiver.TestPushes.Push;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sends pushes to a receiver under test on 127.0.0.1, over HTTP or raw sockets.
 */
final class ReceiverPosts {

	private ReceiverPosts() {
	}

	/**
	 * A client of a port on 127.0.0.1 that waits 10 s for an answer.
	 * @param port the port
	 * @return the client
	 */
	static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * Posts a push to account {@code main}.
	 * @param client the receiver's client
	 * @param push the push
	 * @return the answer
	 */
	static EntityExchangeResult<String> post(WebTestClient client, Push push) {
		return client.post()
			.uri("/wechat/main?" + push.query())
			.contentType(MediaType.parseMediaType(push.contentType()))
			.bodyValue(push.body())
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	/**
	 * Raw connections a test opens, each with a short read timeout (50 ms) so that a poll
	 * of it returns when nothing came; closed together after each test. Register as an
	 * {@code @RegisterExtension} field.
	 */
	static final class Sockets implements AfterEachCallback {

		private final List<Socket> open = new ArrayList<>();

		Socket connect(int port) throws IOException {
			Socket socket = new Socket("127.0.0.1", port);
			this.open.add(socket);
			socket.setSoTimeout(50);
			return socket;
		}

		@Override
		public void afterEach(ExtensionContext context) throws IOException {
			for (Socket socket : this.open) {
				socket.close();
			}
			this.open.clear();
		}

	}

}
