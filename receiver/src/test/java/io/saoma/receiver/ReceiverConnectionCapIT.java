package io.saoma.receiver;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.saoma.receiver.web.ServerLimits;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.saoma.testsupport.net.RawConnections.isClosed;
import static org.awaitility.Awaitility.await;

/**
 * Over {@code wechat.receiver.max-connections} a new connection is closed as soon as it
 * is accepted; once one closes, a new one is served again.
 */
@SpringBootTest(classes = ReceiverApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "wechat.accounts.main.app-id=wxba5fad812f8e6fb9",
				"wechat.accounts.main.token=AAAAA",
				"wechat.accounts.main.encoding-aes-key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				"wechat.accounts.main.encryption-mode=plaintext", "wechat.receiver.max-connections=3",
				// the held connections send nothing; they must not be closed by the
				// header deadline meanwhile
				"wechat.receiver.header-timeout=60s" })
@DirtiesContext
class ReceiverConnectionCapIT {

	static final EmbeddedKraftBroker BROKER = EmbeddedKraftBroker.shared();

	@LocalServerPort
	int port;

	@Autowired
	ServerLimits limits;

	private final List<Socket> sockets = new ArrayList<>();

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		BROKER.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
	}

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void shouldCloseConnectionsOverTheCapAtOnceAndServeAgainOnceOneCloses() throws IOException {
		Socket first = connect();
		connect();
		connect();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limits.openConnections() == 3);
		Socket over = connect();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> isClosed(over));

		first.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limits.openConnections() == 2);
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.get()
			.uri("/wechat/main?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249"
					+ "&timestamp=1714036504&nonce=1514711492")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("4375120948345356249");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(50);
		this.sockets.add(socket);
		return socket;
	}

}
