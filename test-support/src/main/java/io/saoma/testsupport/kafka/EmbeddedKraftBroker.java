package io.saoma.testsupport.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single KRaft broker inside the test JVM (spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}): the cheapest real broker, for tests that do not need
 * to kill it. Its settings let exactly-once Kafka Streams reach RUNNING and make a
 * missing topic an error instead of silently creating it.
 */
public final class EmbeddedKraftBroker implements KafkaBroker {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKraftBroker.class);

	/**
	 * Broker settings applied on top of the test kit's defaults; callers may override
	 * them in {@link #start(Map)}.
	 */
	static final Map<String, String> DEFAULT_PROPERTIES = Map.of("transaction.state.log.replication.factor", "1",
			"transaction.state.log.min.isr", "1", "auto.create.topics.enable", "false");

	private static EmbeddedKraftBroker shared;

	private final EmbeddedKafkaKraftBroker delegate;

	private final String bootstrapServers;

	private boolean closed;

	private EmbeddedKraftBroker(EmbeddedKafkaKraftBroker delegate) {
		this.delegate = delegate;
		this.bootstrapServers = delegate.getBrokersAsString();
	}

	/**
	 * One broker for every test class of this JVM, started on first use and stopped when
	 * the JVM exits. Cached Spring test contexts outlive a test class, so a broker they
	 * point at must too; tests sharing it must not assume empty topics (read from offsets
	 * taken before acting). Do not close it.
	 */
	public static synchronized EmbeddedKraftBroker shared() {
		if (shared == null) {
			EmbeddedKraftBroker broker = start();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-embedded-kafka-shutdown"));
			shared = broker;
		}
		return shared;
	}

	/**
	 * Starts a broker with {@link #DEFAULT_PROPERTIES} and returns once it accepts
	 * clients.
	 */
	public static EmbeddedKraftBroker start() {
		return start(Map.of());
	}

	/**
	 * Starts a broker with {@link #DEFAULT_PROPERTIES} plus {@code extraBrokerProperties}
	 * (which win on conflicts).
	 */
	public static EmbeddedKraftBroker start(Map<String, String> extraBrokerProperties) {
		Map<String, String> properties = new HashMap<>(DEFAULT_PROPERTIES);
		properties.putAll(extraBrokerProperties);
		long startedAt = System.nanoTime();
		EmbeddedKafkaKraftBroker delegate = new EmbeddedKafkaKraftBroker(1, 1);
		delegate.brokerProperties(properties);
		// By default the test kit also publishes spring.kafka.bootstrap-servers JVM-wide,
		// which would outlive this
		// broker and silently redirect later Spring contexts; point it at the property it
		// sets anyway.
		delegate.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		try {
			delegate.afterPropertiesSet();
		}
		catch (RuntimeException e) {
			delegate.destroy();
			throw e;
		}
		EmbeddedKraftBroker broker = new EmbeddedKraftBroker(delegate);
		log.info("Embedded KRaft broker started in {} ms at {}", elapsedMillis(startedAt), broker.bootstrapServers);
		return broker;
	}

	@Override
	public String bootstrapServers() {
		return bootstrapServers;
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		long startedAt = System.nanoTime();
		delegate.destroy();
		if (Objects.equals(System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS), bootstrapServers)) {
			System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		}
		log.info("Embedded KRaft broker at {} stopped in {} ms", bootstrapServers, elapsedMillis(startedAt));
	}

	private static long elapsedMillis(long startedAtNanos) {
		return (System.nanoTime() - startedAtNanos) / 1_000_000;
	}

}
