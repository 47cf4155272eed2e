package io.saoma.loginprocessor.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * {@link TopologyTestDriver}s of the login processor's topologies, with a state directory
 * of their own and wall-clock time that starts at a given instant, and their topics as
 * the services write them: String keys, Avro values as bytes.
 */
final class TopologyDrivers {

	private TopologyDrivers() {
	}

	/**
	 * A driver of a topology.
	 * @param topology the topology
	 * @param applicationId the application id, also the state directory's prefix
	 * @param start the driver's wall-clock time at the start
	 * @return a driver, for the test to close
	 */
	static TopologyTestDriver driver(Topology topology, String applicationId, Instant start) {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		try {
			config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(applicationId).toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new TopologyTestDriver(topology, config, start);
	}

	/**
	 * An input topic whose records are all stamped {@code start} unless piped with a
	 * time.
	 */
	static TestInputTopic<String, byte[]> input(TopologyTestDriver driver, String topic, Instant start) {
		return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer(), start, Duration.ZERO);
	}

	/**
	 * An output topic read as written, byte for byte.
	 */
	static TestOutputTopic<String, byte[]> output(TopologyTestDriver driver, String topic) {
		return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
	}

}
