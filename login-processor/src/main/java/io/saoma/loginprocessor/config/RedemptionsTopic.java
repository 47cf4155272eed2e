package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
	 * Ensures the topic.
	 * @param admin an admin client
	 * @param timeout how long to wait for the cluster
	 * @return the topic, once ensured
	 * @throws StartupFailureException with a clear message if a topic is missing or the
	 * counts differ
	 */
	public static RedemptionsTopic ensure(Admin admin, Duration timeout) {
		try {
			int partitions = partitions(admin, Topics.Names.LOGIN_STATUS, timeout)
				.orElseThrow(() -> new StartupFailureException(
						"Topic " + Topics.Names.LOGIN_STATUS + " does not exist.",
						"Create it compacted, with as many partitions as wechat.qr-tickets, before starting (see the"
								+ " README's topic table)."));
			Optional<Integer> existing = partitions(admin, Topics.Names.LOGIN_REDEMPTIONS, timeout);
			if (existing.isEmpty()) {
				create(admin, partitions, timeout);
				existing = partitions(admin, Topics.Names.LOGIN_REDEMPTIONS, timeout);
			}
			if (existing.orElse(partitions) != partitions) {
				throw new StartupFailureException(
						"Topic " + Topics.Names.LOGIN_REDEMPTIONS + " has " + existing.get() + " partitions, "
								+ Topics.Names.LOGIN_STATUS + " " + partitions + ".",
						"They must be co-partitioned: recreate " + Topics.Names.LOGIN_REDEMPTIONS
								+ " (it holds only requests" + " of the last seconds) with " + partitions
								+ " partitions, or let the login processor" + " create it.");
			}
			return new RedemptionsTopic(partitions);
		}
		catch (ExecutionException ex) {
			throw new StartupFailureException(
					"Cannot ensure topic " + Topics.Names.LOGIN_REDEMPTIONS + ": " + ex.getCause(),
					"Check spring.kafka.bootstrap-servers, the cluster's health and this client's ACLs (describe,"
							+ " create).",
					ex);
		}
		catch (TimeoutException ex) {
			throw new StartupFailureException("The Kafka cluster did not answer within " + timeout + ".",
					"Check spring.kafka.bootstrap-servers and the cluster's health.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while ensuring " + Topics.Names.LOGIN_REDEMPTIONS, ex);
		}
	}

	private static Optional<Integer> partitions(Admin admin, String topic, Duration timeout)
			throws ExecutionException, TimeoutException, InterruptedException {
		try {
			Map<String, TopicDescription> described = admin
				.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
				.allTopicNames()
				.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			return Optional.of(described.get(topic).partitions().size());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private static void create(Admin admin, int partitions, Duration timeout)
			throws ExecutionException, TimeoutException, InterruptedException {
		NewTopic topic = new NewTopic(Topics.Names.LOGIN_REDEMPTIONS, Optional.of(partitions), Optional.empty())
			.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis())));
		try {
			admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
				.all()
				.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			logger.info("Created topic {} with {} partitions, as {}", Topics.Names.LOGIN_REDEMPTIONS, partitions,
					Topics.Names.LOGIN_STATUS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
			// another instance created it at the same time
		}
	}

}
