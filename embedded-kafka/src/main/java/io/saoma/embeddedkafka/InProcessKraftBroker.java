package io.saoma.embeddedkafka;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in this JVM, run by Kafka's own {@link KafkaRaftServer}
 * exactly as {@code kafka.Kafka} runs it, with a data directory formatted by
 * {@code kafka-storage format} (so the production metadata version, not the test kit's).
 * Unlike spring-kafka-test's broker (whose test kit pre-binds every listener on all
 * interfaces) it listens only on the address it is given, loopback by default. Its work
 * directory is deleted on {@link #close()}. What the local stack runs.
 */
public final class InProcessKraftBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(InProcessKraftBroker.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final BrokerWorkDir workDir;

	private final KraftServerProperties serverProperties;

	private final KafkaRaftServer server;

	private boolean closed;

	private InProcessKraftBroker(BrokerWorkDir workDir, KraftServerProperties serverProperties,
			KafkaRaftServer server) {
		this.workDir = workDir;
		this.serverProperties = serverProperties;
		this.server = server;
	}

	/**
	 * Starts a broker on free loopback ports.
	 * @return the broker, registered and unfenced
	 */
	public static InProcessKraftBroker start() {
		return start(KraftServerProperties.LOOPBACK);
	}

	/**
	 * Starts a broker listening on {@code host} (an IP address; {@code 0.0.0.0} for every
	 * interface, advertised as loopback) on free ports.
	 * @param host the address to listen on
	 * @return the broker, registered and unfenced
	 */
	public static InProcessKraftBroker start(String host) {
		long startedAt = System.nanoTime();
		BrokerWorkDir workDir = BrokerWorkDir.createTemporary();
		try {
			int[] ports = FreePorts.allocate(2);
			KraftServerProperties serverProperties = new KraftServerProperties(host, ports[0], ports[1],
					workDir.dataDir());
			serverProperties.writeTo(workDir.serverProperties());
			StorageFormatter.format(workDir.serverProperties(), workDir.logFile());
			Properties properties = serverProperties.toProperties();
			// Kafka's own heartbeat (2 s) and session (9 s), not the child broker's short
			// ones (quick restarts after
			// SIGKILL, which this broker never needs): the controller gives a heartbeat
			// half the interval, and at 250 ms a
			// busy machine starting the applications beside it misses that and logs an
			// ERROR
			properties.remove("broker.heartbeat.interval.ms");
			properties.remove("broker.session.timeout.ms");
			KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
			InProcessKraftBroker broker = new InProcessKraftBroker(workDir, serverProperties, server);
			try {
				server.startup();
				BrokerReadiness.await(serverProperties.bootstrapServers(), KraftServerProperties.NODE_ID, () -> true,
						workDir, READY_TIMEOUT);
			}
			catch (RuntimeException ex) {
				server.shutdown();
				throw ex;
			}
			log.info("In-process Kafka broker started in {} ms at {}", (System.nanoTime() - startedAt) / 1_000_000,
					broker.bootstrapServers());
			return broker;
		}
		catch (RuntimeException ex) {
			deleteQuietly(workDir);
			throw ex;
		}
	}

	/**
	 * The address for clients.
	 * @return {@code bootstrap.servers}
	 */
	public String bootstrapServers() {
		return this.serverProperties.bootstrapServers();
	}

	/**
	 * Creates a topic (left as it is if it exists) and waits until every partition has a
	 * leader.
	 * @param name the topic
	 * @param partitions its partition count
	 */
	public void createTopic(String name, int partitions) {
		TopicCreator.create(bootstrapServers(), List.of(TopicCreator.plain(name, partitions)));
	}

	/**
	 * Creates a topic with {@code cleanup.policy=compact} like
	 * {@link #createTopic(String, int)}.
	 * @param name the topic
	 * @param partitions its partition count
	 */
	public void createCompactedTopic(String name, int partitions) {
		TopicCreator.create(bootstrapServers(), List.of(TopicCreator.compacted(name, partitions)));
	}

	/**
	 * Shuts the broker down cleanly and deletes its data; calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		long startedAt = System.nanoTime();
		try {
			this.server.shutdown();
			this.server.awaitShutdown();
		}
		finally {
			deleteQuietly(this.workDir);
		}
		log.info("In-process Kafka broker at {} stopped in {} ms", bootstrapServers(),
				(System.nanoTime() - startedAt) / 1_000_000);
	}

	private static void deleteQuietly(BrokerWorkDir workDir) {
		try {
			workDir.delete();
		}
		catch (UncheckedIOException ex) {
			log.warn("Could not delete the Kafka broker's work directory {}: {}", workDir.root(), ex.getMessage());
		}
	}

}
