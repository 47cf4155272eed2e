package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Makes sure {@code wechat.login-funnel} exists before Kafka Streams starts (in the phase
 * before it): the funnel writes it in the same transactions as the logins, so a missing
 * topic on a cluster that does not create topics by itself would hold up every login, not
 * only the funnel. Creates it if it is missing, compacted like
 * {@code deploy/create-topics.sh} does, with the partitions of {@code wechat.qr-tickets}
 * and the cluster's default replication; an existing topic is left as it is.
 */
public class FunnelTopic implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FunnelTopic.class);

	private final KafkaAdmin admin;

	private final int phase;

	private volatile boolean ensured;

	/**
	 * Creates the check.
	 * @param admin the admin
	 * @param streamsPhase the phase Kafka Streams starts in
	 */
	public FunnelTopic(KafkaAdmin admin, int streamsPhase) {
		this.admin = admin;
		this.phase = streamsPhase - 1;
	}

	@Override
	public void start() {
		try {
			if (TicketPartitions.count(this.admin, Topics.Names.LOGIN_FUNNEL).isEmpty()) {
				OptionalInt partitions = TicketPartitions.count(this.admin, Topics.Names.QR_TICKETS);
				// creating a topic another instance created meanwhile is no error
				this.admin.createOrModifyTopics(
						new NewTopic(Topics.Names.LOGIN_FUNNEL, Optional.of(partitions.orElse(1)), Optional.empty())
							.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
									TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()))));
				logger.info("Ensured topic {} (compacted) with {} partitions", Topics.Names.LOGIN_FUNNEL,
						partitions.orElse(1));
			}
		}
		catch (KafkaException ex) {
			throw TicketPartitions.unreachable(this.admin, "Cannot ensure topic " + Topics.Names.LOGIN_FUNNEL, ex,
					"Create it compacted (see deploy/create-topics.sh), or check spring.kafka.bootstrap-servers,"
							+ " the cluster's health and this client's ACLs (describe, create).");
		}
		this.ensured = true;
	}

	@Override
	public void stop() {
	}

	@Override
	public boolean isRunning() {
		return this.ensured;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
