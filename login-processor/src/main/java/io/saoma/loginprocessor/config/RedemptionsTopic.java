package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Makes sure {@code wechat.login-redemptions} exists with as many partitions as
 * {@code wechat.login-status} before Kafka Streams starts: the status task reads both,
 * and a request meets its login's status only if the two topics are co-partitioned.
 * Creates the topic if it is missing (the partitions of {@code wechat.login-status}, the
 * cluster's default replication, a retention of one day: a request matters for seconds);
 * refuses to start on a mismatch.
 */
public final class RedemptionsTopic {

	private static final Logger logger = LoggerFactory.getLogger(RedemptionsTopic.class);

	private final int partitions;

	private RedemptionsTopic(int partitions) {
		this.partitions = partitions;
	}

	/**
	 * The partition count of both topics.
	 * @return the count
	 */
	public int partitions() {
		return this.partitions;
	}

	/**
	 * Ensures the topic, waiting for the cluster at most
	 * {@code spring.kafka.admin.operation-timeout} for each step.
	 * @param admin the admin
	 * @return the topic, once ensured
	 * @throws StartupFailureException with a clear message if a topic is missing or the
	 * counts differ
	 */
	public static RedemptionsTopic ensure(KafkaAdmin admin) {
		try {
			int partitions = TicketPartitions.count(admin, Topics.Names.LOGIN_STATUS)
				.orElseThrow(() -> new StartupFailureException(
						"Topic " + Topics.Names.LOGIN_STATUS + " does not exist.",
						"Create it compacted, with as many partitions as wechat.qr-tickets, before starting (see the"
								+ " README's topic table)."));
			OptionalInt existing = TicketPartitions.count(admin, Topics.Names.LOGIN_REDEMPTIONS);
			if (existing.isEmpty()) {
				// creating a topic another instance created meanwhile is no error
				admin.createOrModifyTopics(
						new NewTopic(Topics.Names.LOGIN_REDEMPTIONS, Optional.of(partitions), Optional.empty()).configs(
								Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()))));
				logger.info("Ensured topic {} with {} partitions, as {}", Topics.Names.LOGIN_REDEMPTIONS, partitions,
						Topics.Names.LOGIN_STATUS);
				existing = TicketPartitions.count(admin, Topics.Names.LOGIN_REDEMPTIONS);
			}
			if (existing.orElse(partitions) != partitions) {
				throw new StartupFailureException(
						"Topic " + Topics.Names.LOGIN_REDEMPTIONS + " has " + existing.getAsInt() + " partitions, "
								+ Topics.Names.LOGIN_STATUS + " " + partitions + ".",
						"They must be co-partitioned: recreate " + Topics.Names.LOGIN_REDEMPTIONS
								+ " (it holds only requests" + " of the last seconds) with " + partitions
								+ " partitions, or let the login processor" + " create it.");
			}
			return new RedemptionsTopic(partitions);
		}
		catch (KafkaException ex) {
			throw TicketPartitions.unreachable(admin, "Cannot ensure topic " + Topics.Names.LOGIN_REDEMPTIONS, ex,
					"Check spring.kafka.bootstrap-servers, the cluster's health and this client's ACLs (describe,"
							+ " create).");
		}
	}

}
