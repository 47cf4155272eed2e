package io.saoma.receiver.health;

import java.time.Duration;
import java.util.Map;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's health on a broker of its own, first without {@code wechat.events}, then
 * with it.
 */
class KafkaHealthIndicatorIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static EmbeddedKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = EmbeddedKraftBroker.start();
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void shouldBeDownWithoutTheEventsTopicThenUpWithItsPartitions() {
		KafkaHealthIndicator health = new KafkaHealthIndicator(admin(broker.bootstrapServers()), TIMEOUT);

		Health missing = health.health().block(Duration.ofSeconds(10));
		assertThat(missing.getStatus()).isEqualTo(Status.DOWN);
		assertThat(missing.getDetails()).containsEntry("topic", Topics.Names.WECHAT_EVENTS);
		assertThat(missing.getDetails().get("error").toString()).startsWith("UnknownTopicOrPartitionException");

		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		// a created topic reaches every broker's metadata a moment after CreateTopics
		// answered
		Health present = await().atMost(Duration.ofSeconds(30))
			.until(() -> health.health().block(Duration.ofSeconds(10)), (answer) -> answer.getStatus() == Status.UP);
		assertThat(present.getDetails()).containsEntry("topic", Topics.Names.WECHAT_EVENTS)
			.containsEntry("partitions", 3)
			.containsKey("clusterId");
	}

	@Test
	void shouldBeDownWithinTheTimeoutWhenNoBrokerAnswers() {
		KafkaHealthIndicator health = new KafkaHealthIndicator(
				admin("127.0.0.1:" + TestSocketUtils.findAvailableTcpPort()), TIMEOUT);
		long start = System.nanoTime();
		Health down = health.health().block(Duration.ofSeconds(10));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
	}

	private static KafkaAdmin admin(String bootstrapServers) {
		return new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

}
