package io.saoma.common;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Holds back the consumers until every topic declared to {@link KafkaAdmin} (the retry
 * and dead-letter topics of {@code @RetryableTopic}, the marker and waiting-room topics)
 * is known to the broker the clients ask. {@link KafkaAdmin} creates the missing ones
 * just before the applications' lifecycles start, and a topic is in the controller's log
 * a moment before it is in a broker's metadata: a consumer asking in between is told
 * {@code UNKNOWN_TOPIC_OR_PARTITION} and logs a warning, a reader listing the partitions
 * finds none. Runs in {@link #PHASE}, before Kafka Streams and the listener containers. A
 * declared topic that does not appear within {@code spring.kafka.admin.operation-timeout}
 * (because the cluster does not let this client create it) stops the start with the names
 * of the missing topics.
 */
public final class DeclaredTopics implements SmartLifecycle {

	/** Before Kafka Streams ({@code Integer.MAX_VALUE - 1000}) and the containers. */
	public static final int PHASE = Integer.MAX_VALUE - 2000;

	private static final Logger logger = LoggerFactory.getLogger(DeclaredTopics.class);

	private final KafkaAdmin admin;

	private final Supplier<Set<String>> declared;

	private volatile boolean running;

	/**
	 * Creates the wait for the given topics.
	 * @param admin the admin settings (its operation timeout bounds the wait)
	 * @param names the topics
	 */
	public DeclaredTopics(KafkaAdmin admin, Collection<String> names) {
		this(admin, () -> new TreeSet<>(names));
	}

	private DeclaredTopics(KafkaAdmin admin, Supplier<Set<String>> declared) {
		this.admin = admin;
		this.declared = declared;
	}

	/**
	 * Waits for every topic declared in the context as a {@link NewTopic} bean
	 * ({@code @RetryableTopic}'s retry and dead-letter topics are) and for the given
	 * others (the members of a {@link KafkaAdmin.NewTopics} bean, which it does not let
	 * read).
	 * @param admin the admin settings
	 * @param topics the declared topics
	 * @param others the names of other declared topics
	 * @return the wait
	 */
	public static DeclaredTopics of(KafkaAdmin admin, ObjectProvider<NewTopic> topics, Collection<String> others) {
		// read at start: @RetryableTopic registers its topics while the listeners' beans
		// are initialized, possibly after this one
		return new DeclaredTopics(admin, () -> {
			Set<String> names = new TreeSet<>(others);
			topics.forEach((topic) -> names.add(topic.name()));
			return names;
		});
	}

	/** The topics it waits for, as declared now. */
	public Set<String> names() {
		return Set.copyOf(this.declared.get());
	}

	@Override
	public void start() {
		Set<String> names = this.declared.get();
		if (!names.isEmpty()) {
			awaitVisible(names);
		}
		this.running = true;
	}

	private void awaitVisible(Set<String> names) {
		Duration timeout = Duration.ofSeconds(this.admin.getOperationTimeout());
		RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
			.includes(Missing.class)
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(20))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(1))
			.timeout(timeout)
			.build());
		long started = System.nanoTime();
		Admin client = Admin.create(this.admin.getConfigurationProperties());
		try {
			retry.execute(() -> describe(client, names, timeout));
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			if (last instanceof Missing missing) {
				throw new StartupFailureException(
						"Topics " + missing.names + " are declared but the cluster does not know them after "
								+ timeout.toSeconds() + " s.",
						"Create them (see the README's topic table), or let this application create topics"
								+ " (spring.kafka.admin.auto-create, and the client's ACLs: create, describe).");
			}
			throw new StartupFailureException("Cannot describe topics " + names + ": " + last,
					"Check spring.kafka.bootstrap-servers and the cluster's health.", last);
		}
		finally {
			// without a bound, closing waits for calls to a cluster that does not answer
			client.close(Duration.ofSeconds(1));
		}
		logger.debug("The declared topics {} were visible after {} ms", names,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private static Void describe(Admin client, Set<String> names, Duration timeout) throws Exception {
		Map<String, KafkaFuture<TopicDescription>> results = client
			.describeTopics(names, new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
			.topicNameValues();
		Set<String> missing = new TreeSet<>();
		for (Map.Entry<String, KafkaFuture<TopicDescription>> result : results.entrySet()) {
			try {
				result.getValue().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
				missing.add(result.getKey());
			}
		}
		if (!missing.isEmpty()) {
			throw new Missing(missing);
		}
		return null;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Some topics are not known (yet). */
	static final class Missing extends RuntimeException {

		private final Set<String> names;

		Missing(Set<String> names) {
			super("unknown topics " + names, null, false, false);
			this.names = names;
		}

	}

}
