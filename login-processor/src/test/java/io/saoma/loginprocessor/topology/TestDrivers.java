package io.saoma.loginprocessor.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.saoma.schemas.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

}
