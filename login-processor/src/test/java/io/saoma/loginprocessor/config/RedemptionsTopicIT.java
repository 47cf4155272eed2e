package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code wechat.login-redemptions} is created co-partitioned with
 * {@code wechat.login-status}, and a mismatch stops the start-up with a clear message.
 */
class RedemptionsTopicIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static EmbeddedKraftBroker broker;

	private static Admin admin;

	private static KafkaAdmin kafkaAdmin;

	@BeforeAll
	static void startBroker() {
		broker = EmbeddedKraftBroker.start();
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
		kafkaAdmin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
	}

	@AfterAll
	static void stopBroker() {
		if (admin != null) {
			admin.close();
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void shouldRefuseToStartWithoutTheStatusTopicThenCreateTheRequestTopicLikeItThenRefuseAMismatch() throws Exception {
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> RedemptionsTopic.ensure(kafkaAdmin))
			.withMessageContaining("Topic wechat.login-status does not exist");

		admin.createTopics(List.of(new NewTopic(Topics.Names.LOGIN_STATUS, Optional.of(5), Optional.empty())))
			.all()
			.get();
		awaitPartitions(Topics.Names.LOGIN_STATUS, 5);
		assertThat(RedemptionsTopic.ensure(kafkaAdmin).partitions()).isEqualTo(5);
		awaitPartitions(Topics.Names.LOGIN_REDEMPTIONS, 5);
		assertThat(RedemptionsTopic.ensure(kafkaAdmin).partitions()).as("a second instance finds it").isEqualTo(5);

		admin.deleteTopics(List.of(Topics.Names.LOGIN_REDEMPTIONS)).all().get();
		await().atMost(TIMEOUT).until(() -> !admin.listTopics().names().get().contains(Topics.Names.LOGIN_REDEMPTIONS));
		admin.createTopics(List.of(new NewTopic(Topics.Names.LOGIN_REDEMPTIONS, Optional.of(2), Optional.empty())))
			.all()
			.get();
		awaitPartitions(Topics.Names.LOGIN_REDEMPTIONS, 2);
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> RedemptionsTopic.ensure(kafkaAdmin))
			.withMessageContaining("wechat.login-redemptions has 2 partitions, wechat.login-status 5");
	}

	/**
	 * A created topic reaches the broker's metadata a moment after CreateTopics answered.
	 */
	private static void awaitPartitions(String topic, int partitions) {
		await().atMost(TIMEOUT)
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
						.hasSize(partitions));
	}

}
