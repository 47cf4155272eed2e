package io.saoma.embeddedkafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics idempotently, for the local stack's broker and for every broker of the
 * tests. It waits for partition leaders, not just for the controller's acknowledgement,
 * so a producer created right afterwards does not race the metadata propagation.
 */
public final class TopicCreator {

	private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private TopicCreator() {
	}

	/**
	 * A topic with the broker's default replication and cleanup policy.
	 * @param name the topic
	 * @param partitions its partition count
	 * @return the topic to create
	 */
	public static NewTopic plain(String name, int partitions) {
		return new NewTopic(name, Optional.of(partitions), Optional.empty());
	}

	/**
	 * A topic with {@code cleanup.policy=compact}, e.g. the changelog behind a KTable.
	 * @param name the topic
	 * @param partitions its partition count
	 * @return the topic to create
	 */
	public static NewTopic compacted(String name, int partitions) {
		return plain(name, partitions)
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
	}

	/**
	 * Creates the topics that do not exist yet (an existing topic is left as it is) and
	 * waits until every partition has a leader.
	 * @param bootstrapServers the broker
	 * @param topics the topics
	 */
	public static void create(String bootstrapServers, Collection<NewTopic> topics) {
		List<String> names = topics.stream().map(NewTopic::name).toList();
		try (Admin admin = AdminClients.create(bootstrapServers)) {
			admin.createTopics(topics).values().forEach((name, result) -> awaitCreated(name, result));
			Polling.until(TIMEOUT, POLL_INTERVAL, () -> allPartitionsHaveLeaders(admin, names), () -> "Partitions of "
					+ names + " got no leader within " + TIMEOUT.toSeconds() + " s on " + bootstrapServers);
		}
		log.debug("Topics {} ready on {}", names, bootstrapServers);
	}

	private static void awaitCreated(String name, KafkaFuture<Void> result) {
		try {
			result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException e) {
			if (!(e.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create topic " + name, e.getCause());
			}
			log.debug("Topic {} already exists", name);
		}
		catch (TimeoutException e) {
			throw new IllegalStateException(
					"Creating topic " + name + " took longer than " + TIMEOUT.toSeconds() + " s", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topic " + name, e);
		}
	}

	private static boolean allPartitionsHaveLeaders(Admin admin, List<String> names) {
		try {
			Collection<TopicDescription> descriptions = admin.describeTopics(names)
				.allTopicNames()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.values();
			return descriptions.stream()
				.flatMap(description -> description.partitions().stream())
				.allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
		}
		catch (ExecutionException | TimeoutException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for topics " + names, e);
		}
	}

}
