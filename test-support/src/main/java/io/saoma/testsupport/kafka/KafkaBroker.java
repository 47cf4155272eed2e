package io.saoma.testsupport.kafka;

import java.util.List;
import java.util.Map;

import io.saoma.embeddedkafka.TopicCreator;

/**
 * A real Kafka broker that a test reaches over the network. The implementations differ
 * only in where the broker runs (in this JVM, in a child process that can be killed, in a
 * container), so a test picks the cheapest one that still exercises what it needs.
 */
public interface KafkaBroker extends AutoCloseable {

	/** The {@code bootstrap.servers} value for clients of this broker. */
	String bootstrapServers();

	/**
	 * Creates a topic with the broker's default replication, waiting until every
	 * partition has a leader; an existing topic is left as it is.
	 */
	default void createTopic(String name, int partitions) {
		createTopics(Map.of(name, partitions));
	}

	/**
	 * Creates several topics (name to partition count) like
	 * {@link #createTopic(String, int)}.
	 */
	default void createTopics(Map<String, Integer> partitionsByTopic) {
		TopicCreator.create(bootstrapServers(),
				partitionsByTopic.entrySet()
					.stream()
					.map(topic -> TopicCreator.plain(topic.getKey(), topic.getValue()))
					.toList());
	}

	/**
	 * Creates a topic with {@code cleanup.policy=compact}, e.g. the changelog behind a
	 * KTable, like {@link #createTopic(String, int)}.
	 */
	default void createCompactedTopic(String name, int partitions) {
		TopicCreator.create(bootstrapServers(), List.of(TopicCreator.compacted(name, partitions)));
	}

	/** Stops the broker and releases its resources; calling it again does nothing. */
	@Override
	void close();

}
