package io.saoma.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code server.properties} of a single-node KRaft broker (combined broker and
 * controller, loopback unless told otherwise). The replication-factor-1 settings let
 * transactions, consumer groups and share groups work on one node, and the short session
 * timeout makes a restart after SIGKILL take seconds instead of waiting for the old
 * incarnation to expire.
 *
 * @param host the address the broker listens on; the wildcard {@code 0.0.0.0} is
 * advertised as loopback
 */
public record KraftServerProperties(String host, int brokerPort, int controllerPort, Path dataDir) {

	/** The node id of the single node (broker and controller). */
	public static final int NODE_ID = 1;

	/** The default listening address. */
	public static final String LOOPBACK = "127.0.0.1";

	/**
	 * Settings for a broker listening on loopback.
	 * @param brokerPort the client listener's port
	 * @param controllerPort the controller listener's port
	 * @param dataDir the data directory
	 */
	public KraftServerProperties(int brokerPort, int controllerPort, Path dataDir) {
		this(LOOPBACK, brokerPort, controllerPort, dataDir);
	}

	/**
	 * The {@code bootstrap.servers} value for clients.
	 * @return {@code host:port}
	 */
	public String bootstrapServers() {
		return advertisedHost() + ":" + brokerPort;
	}

	private String advertisedHost() {
		return host.equals("0.0.0.0") ? LOOPBACK : host;
	}

	/**
	 * The settings as {@code server.properties} entries.
	 * @return the properties
	 */
	public Properties toProperties() {
		Properties properties = new Properties();
		properties.setProperty("process.roles", "broker,controller");
		properties.setProperty("node.id", String.valueOf(NODE_ID));
		properties.setProperty("controller.quorum.voters", NODE_ID + "@" + advertisedHost() + ":" + controllerPort);
		properties.setProperty("listeners",
				"PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
		properties.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
		properties.setProperty("controller.listener.names", "CONTROLLER");
		properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
		properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
		properties.setProperty("num.partitions", "1");
		properties.setProperty("default.replication.factor", "1");
		properties.setProperty("offsets.topic.replication.factor", "1");
		properties.setProperty("transaction.state.log.replication.factor", "1");
		properties.setProperty("transaction.state.log.min.isr", "1");
		properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
		properties.setProperty("share.coordinator.state.topic.min.isr", "1");
		properties.setProperty("group.initial.rebalance.delay.ms", "0");
		properties.setProperty("auto.create.topics.enable", "false");
		properties.setProperty("broker.session.timeout.ms", "3000");
		properties.setProperty("broker.heartbeat.interval.ms", "500");
		return properties;
	}

	/**
	 * Writes the settings as a {@code server.properties} file.
	 * @param file where to write
	 */
	public void writeTo(Path file) {
		try (Writer writer = Files.newBufferedWriter(file)) {
			toProperties().store(writer, "single-node KRaft broker");
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not write " + file, e);
		}
	}
}
