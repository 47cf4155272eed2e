package io.saoma.receiver;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import io.saoma.receiver.web.ServerLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static io.saoma.testsupport.net.RawConnections.isClosed;
import static org.awaitility.Awaitility.await;

/**
 * Over {@code wechat.receiver.max-connections} a new connection is closed as soon as it
 * is accepted; once one closes, a new one is served again.
 */
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.Shared.class)
@TestPropertySource(
		properties = { "wechat.accounts.main.encryption-mode=plaintext", "wechat.receiver.max-connections=3",
				// the held connections send nothing; they must not be closed by the
				// header deadline meanwhile
				"wechat.receiver.header-timeout=60s" })
class ReceiverConnectionCapIT {

	@LocalServerPort
	int port;

	@Autowired
	ServerLimits limits;

	@RegisterExtension
	final ReceiverPosts.Sockets sockets = new ReceiverPosts.Sockets();

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
		ReceiverPosts.client(this.port)
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
		return this.sockets.connect(this.port);
	}

}
