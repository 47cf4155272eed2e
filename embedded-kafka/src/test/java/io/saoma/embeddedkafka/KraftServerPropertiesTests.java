package io.saoma.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftServerPropertiesTests {

	@TempDir
	Path dir;

	@Test
	void shouldListenOnlyOnLoopbackWithGivenPorts() {
		Properties properties = new KraftServerProperties(19092, 19093, dir).toProperties();

		assertThat(properties).containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
			.containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
			.containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
			.containsEntry("process.roles", "broker,controller");
	}

	@Test
	void shouldConfigureSingleReplicaInternalTopicsAndFastFencing() {
		Properties properties = new KraftServerProperties(1, 2, dir).toProperties();

		assertThat(properties).containsEntry("offsets.topic.replication.factor", "1")
			.containsEntry("transaction.state.log.replication.factor", "1")
			.containsEntry("transaction.state.log.min.isr", "1")
			.containsEntry("share.coordinator.state.topic.replication.factor", "1")
			.containsEntry("share.coordinator.state.topic.min.isr", "1")
			.containsEntry("group.initial.rebalance.delay.ms", "0")
			.containsEntry("auto.create.topics.enable", "false")
			.containsEntry("broker.session.timeout.ms", "3000")
			.containsEntry("broker.heartbeat.interval.ms", "500");
	}

	@Test
	void shouldWriteReadablePropertiesFile() throws IOException {
		KraftServerProperties serverProperties = new KraftServerProperties(19092, 19093, dir.resolve("data"));
		Path file = dir.resolve("server.properties");

		serverProperties.writeTo(file);

		Properties read = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			read.load(reader);
		}
		assertThat(read).isEqualTo(serverProperties.toProperties());
	}

}
