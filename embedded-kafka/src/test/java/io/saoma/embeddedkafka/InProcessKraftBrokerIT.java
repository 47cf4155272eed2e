package io.saoma.embeddedkafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker the local stack runs: it starts on loopback, creates plain and compacted
 * topics idempotently, and stops listening when closed.
 */
class InProcessKraftBrokerIT {

	@Test
	void shouldCreateTopicsOnLoopbackAndStopListeningWhenClosed() throws Exception {
		InProcessKraftBroker broker = InProcessKraftBroker.start();
		String bootstrapServers = broker.bootstrapServers();
		try (broker) {
			assertThat(bootstrapServers).startsWith("127.0.0.1:");

			broker.createTopic("plain", 3);
			broker.createTopic("plain", 3);
			broker.createCompactedTopic("compacted", 1);

			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
				Map<String, TopicDescription> topics = admin.describeTopics(List.of("plain", "compacted"))
					.allTopicNames()
					.get(30, TimeUnit.SECONDS);
				assertThat(topics.get("plain").partitions()).hasSize(3);
				ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
				Config config = admin.describeConfigs(List.of(compacted))
					.all()
					.get(30, TimeUnit.SECONDS)
					.get(compacted);
				assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
			}
		}
		assertThat(isListening(bootstrapServers)).as("%s after close", bootstrapServers).isFalse();
	}

	private static boolean isListening(String bootstrapServers) {
		int colon = bootstrapServers.lastIndexOf(':');
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(bootstrapServers.substring(0, colon),
					Integer.parseInt(bootstrapServers.substring(colon + 1))), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
