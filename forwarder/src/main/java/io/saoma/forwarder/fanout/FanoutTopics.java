package io.saoma.forwarder.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics the fan-out writes to, created at start-up when missing, with as many
 * partitions as {@code wechat.events} and the broker's default replication. Existing
 * topics are never changed (KafkaAdmin's {@code NewTopic} beans would add partitions to
 * them, moving keys), and without {@code wechat.events} the forwarder does not start.
 * {@code wechat.events} is described with {@link KafkaAdmin#describeTopics}.
 *
 * @param partitions the partition count of {@code wechat.events}, which every created
 * topic got
 * @param created the topics created now, empty if all existed
 */
public record FanoutTopics(int partitions, List<String> created) {

	private static final Logger logger = LoggerFactory.getLogger(FanoutTopics.class);

	private static final String CHECK_THE_CLUSTER = "Check spring.kafka.bootstrap-servers and the cluster's health.";

	public FanoutTopics {
		created = List.copyOf(created);
	}

	/**
	 * Every topic the fan-out writes to without the JSON mirror:
	 * {@link Topics#fanoutTopics()} and {@link Topics#FORWARDER_DLT}.
	 * @return the names
	 */
	public static List<String> targets() {
		return targets(false);
	}

	/**
	 * Every topic the fan-out writes to: {@link Topics#fanoutTopics()},
	 * {@link Topics#FORWARDER_DLT} and, with the JSON mirror on,
	 * {@link Topics#jsonMirrorTopics()}.
	 * @param jsonMirror whether the JSON mirror is on
	 * @return the names
	 */
	public static List<String> targets(boolean jsonMirror) {
		List<String> targets = new ArrayList<>(Topics.fanoutTopics());
		targets.add(Topics.Names.FORWARDER_DLT);
		if (jsonMirror) {
			targets.addAll(Topics.jsonMirrorTopics());
		}
		return List.copyOf(targets);
	}

	/**
	 * Creates the {@link #targets()} that do not exist yet (without the JSON mirror).
	 * @param kafkaAdmin the admin settings
	 * @return what it found and did
	 * @throws StartupFailureException as {@link #ensure(KafkaAdmin, boolean)}
	 */
	public static FanoutTopics ensure(KafkaAdmin kafkaAdmin) {
		return ensure(kafkaAdmin, false);
	}

	/**
	 * Creates the {@link #targets(boolean)} that do not exist yet and leaves the others
	 * as they are. Waits for the cluster at most
	 * {@code spring.kafka.admin.operation-timeout} per request.
	 * @param kafkaAdmin the admin settings
	 * @param jsonMirror whether the JSON mirror is on, so its topics are created too
	 * @return what it found and did
	 * @throws StartupFailureException with a clear message if {@code wechat.events} is
	 * missing, a topic cannot be created, or the cluster does not answer
	 */
	public static FanoutTopics ensure(KafkaAdmin kafkaAdmin, boolean jsonMirror) {
		Duration timeout = Duration.ofSeconds(kafkaAdmin.getOperationTimeout());
		int partitions = partitionsOfEvents(kafkaAdmin, timeout);
		// KafkaAdmin lists no topics and, given NewTopics, would add partitions to those
		// that exist: the missing ones are found and created with the admin client
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			Set<String> existing = existingTopics(admin, timeout);
			List<NewTopic> missing = targets(jsonMirror).stream()
				.filter((name) -> !existing.contains(name))
				.map((name) -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
				.toList();
			List<String> created = create(admin, missing, timeout);
			if (!created.isEmpty()) {
				logger.info("Created fan-out topics {} with {} partitions each, as many as {}", created, partitions,
						Topics.Names.WECHAT_EVENTS);
			}
			return new FanoutTopics(partitions, created);
		}
	}

	private static int partitionsOfEvents(KafkaAdmin kafkaAdmin, Duration timeout) {
		try {
			return kafkaAdmin.describeTopics(Topics.Names.WECHAT_EVENTS)
				.get(Topics.Names.WECHAT_EVENTS)
				.partitions()
				.size();
		}
		catch (KafkaException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			if (cause instanceof UnknownTopicOrPartitionException) {
				throw new StartupFailureException("Topic " + Topics.Names.WECHAT_EVENTS + " does not exist.",
						"Create it before starting the forwarder (see the README's topic table); the fan-out topics"
								+ " are then created with as many partitions.");
			}
			if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				throw noAnswer(timeout, cause);
			}
			throw new StartupFailureException(
					"Cannot describe topic " + Topics.Names.WECHAT_EVENTS + ": " + cause.getMessage(),
					CHECK_THE_CLUSTER, cause);
		}
	}

	private static Set<String> existingTopics(Admin admin, Duration timeout) {
		try {
			return await(admin.listTopics(new ListTopicsOptions().timeoutMs(millis(timeout))).names(), timeout);
		}
		catch (ExecutionException ex) {
			throw failed("list topics", ex);
		}
	}

	private static List<String> create(Admin admin, List<NewTopic> topics, Duration timeout) {
		if (topics.isEmpty()) {
			return List.of();
		}
		Map<String, KafkaFuture<Void>> results = admin
			.createTopics(topics, new CreateTopicsOptions().timeoutMs(millis(timeout)))
			.values();
		List<String> created = new ArrayList<>();
		for (NewTopic topic : topics) {
			try {
				await(results.get(topic.name()), timeout);
				created.add(topic.name());
			}
			catch (ExecutionException ex) {
				// Another instance starting at the same time may have created it since we
				// listed the topics.
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw new StartupFailureException(
							"Cannot create topic " + topic.name() + ": " + ex.getCause().getMessage(), "Create it with "
									+ topic.numPartitions() + " partitions, or allow the forwarder to create topics.",
							ex.getCause());
				}
			}
		}
		return created;
	}

	private static <T> T await(KafkaFuture<T> future, Duration timeout) throws ExecutionException {
		try {
			return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw noAnswer(timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", ex);
		}
	}

	private static StartupFailureException noAnswer(Duration timeout, Throwable cause) {
		return new StartupFailureException("The Kafka cluster did not answer within " + timeout.toSeconds() + " s.",
				CHECK_THE_CLUSTER, cause);
	}

	private static StartupFailureException failed(String what, ExecutionException ex) {
		return new StartupFailureException("Cannot " + what + ": " + ex.getCause().getMessage(), CHECK_THE_CLUSTER,
				ex.getCause());
	}

	private static int millis(Duration timeout) {
		return (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
	}

}
