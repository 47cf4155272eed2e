package io.saoma.loginprocessor.config;

import java.util.Map;

import io.saoma.common.StartupFailureException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The start-up topic checks through {@link KafkaAdmin} when no cluster answers (a missing
 * topic is covered by {@code LoginProcessorStartupIT} and {@code RedemptionsTopicIT}).
 */
class TicketPartitionsTests {

	@Test
	void shouldSayTheClusterDidNotAnswerWithinTheAdminsOperationTimeout() {
		KafkaAdmin admin = unanswered();
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> TicketPartitions.of(admin))
			.withMessageContaining("The Kafka cluster did not answer within PT1S");
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> RedemptionsTopic.ensure(admin))
			.withMessageContaining("The Kafka cluster did not answer within PT1S");
	}

	/**
	 * An admin of a cluster no one listens for, giving up after 1 s; its own calls time
	 * out later (3 s), so that closing it does not wait long.
	 */
	private static KafkaAdmin unanswered() {
		KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				"127.0.0.1:" + TestSocketUtils.findAvailableTcpPort(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
		admin.setOperationTimeout(1);
		return admin;
	}

}
