package io.saoma.loginprocessor.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;

import io.saoma.schemas.Topic;
import io.saoma.schemas.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * {@link TopologyTestDriver}s for the topology tests: a fresh state directory each, the
 * wall clock at a fixed start, and topics written and read as raw values with the topic's
 * own key serde.
 */
final class TestDrivers {

	private TestDrivers() {
	}

	/**
	 * Builds a topology and starts a driver on it.
	 * @param topology adds the topology to a fresh builder
	 * @param applicationId the application id, also the prefix of the state directory
	 * @param start the driver's wall clock at start
	 * @return the driver
	 * @throws IOException if the state directory cannot be made
	 */
	static TopologyTestDriver start(Consumer<StreamsBuilder> topology, String applicationId, Instant start)
			throws IOException {
		StreamsBuilder builder = new StreamsBuilder();
		topology.accept(builder);
		return start(builder, applicationId, start);
	}

	static TopologyTestDriver start(StreamsBuilder builder, String applicationId, Instant start) throws IOException {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(applicationId).toString());
		return new TopologyTestDriver(builder.build(), config, start);
	}

	static <K> TestInputTopic<K, byte[]> rawInput(TopologyTestDriver driver, Topic<K, ?> topic, Instant start) {
		return driver.createInputTopic(topic.name(), topic.keys().serializer(), new ByteArraySerializer(), start,
				Duration.ZERO);
	}

	static <K> TestOutputTopic<K, byte[]> rawOutput(TopologyTestDriver driver, Topic<K, ?> topic) {
		return driver.createOutputTopic(topic.name(), topic.keys().deserializer(), new ByteArrayDeserializer());
	}

	static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, Topic<K, V> topic) {
		return driver.createOutputTopic(topic.name(), topic.keys().deserializer(), topic.values().deserializer());
	}

	/**
	 * The login processor's dead letters: they keep the key as read, a String for what
	 * the decoders read.
	 * @param driver the driver
	 * @return the topic
	 */
	static TestOutputTopic<String, byte[]> deadLetters(TopologyTestDriver driver) {
		return driver.createOutputTopic(Topics.LOGIN_PROCESSOR_DLT.name(), new StringDeserializer(),
				new ByteArrayDeserializer());
	}

}
