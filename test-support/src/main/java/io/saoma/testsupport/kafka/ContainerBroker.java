package io.saoma.testsupport.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official {@code apache/kafka} image in a Testcontainers container, for machines
 * with a Docker engine. Nothing touches Docker until {@link #start()}, so test classes
 * guarded by {@code @Testcontainers(disabledWithoutDocker = true)} load and skip cleanly
 * where there is none.
 */
public final class ContainerBroker implements KafkaBroker {

	/** The image matching the Kafka version on the classpath. */
	public static final String IMAGE = "apache/kafka:4.1.2";

	private static final Logger log = LoggerFactory.getLogger(ContainerBroker.class);

	private final KafkaContainer container;

	private boolean closed;

	private ContainerBroker(KafkaContainer container) {
		this.container = container;
	}

	/** Starts a container from {@link #IMAGE}; needs a Docker engine. */
	public static ContainerBroker start() {
		return start(IMAGE);
	}

	/**
	 * Starts a container from the given {@code apache/kafka} image; needs a Docker
	 * engine.
	 */
	public static ContainerBroker start(String image) {
		long startedAt = System.nanoTime();
		KafkaContainer container = container(image);
		container.start();
		ContainerBroker broker = new ContainerBroker(container);
		log.info("Kafka container {} started in {} ms at {}", image, (System.nanoTime() - startedAt) / 1_000_000,
				broker.bootstrapServers());
		return broker;
	}

	/**
	 * A container from {@link #IMAGE} with the single-node settings, not started: for a
	 * {@code @Container @ServiceConnection} field of a Spring Boot test, which
	 * Testcontainers starts and Boot connects to.
	 */
	public static KafkaContainer container() {
		return container(IMAGE);
	}

	/**
	 * The broker in a container that was started elsewhere (e.g. by Testcontainers' JUnit
	 * extension); {@link #close()} stops it.
	 */
	public static ContainerBroker of(KafkaContainer container) {
		return new ContainerBroker(container);
	}

	private static KafkaContainer container(String image) {
		return new KafkaContainer(DockerImageName.parse(image))
			.withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
			.withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
			.withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
			.withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
			.withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
			.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
	}

	@Override
	public String bootstrapServers() {
		return container.getBootstrapServers();
	}

	@Override
	public synchronized void close() {
		if (!closed) {
			closed = true;
			container.stop();
		}
	}

}
