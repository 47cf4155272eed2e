package io.saoma.testsupport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers and admin look-ups shared by the broker tests. */
final class TestClients {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestClients() {
	}

	static KafkaProducer<String, String> producer(KafkaBroker broker) {
		return producer(broker, Map.of());
	}

	static KafkaProducer<String, String> producer(KafkaBroker broker, Map<String, Object> extra) {
		Map<String, Object> config = new HashMap<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		config.putAll(extra);
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value) {
		return get(producer.send(new ProducerRecord<>(topic, key, value)));
	}

	static Admin admin(KafkaBroker broker) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
	}

	static String brokerConfig(KafkaBroker broker, String name) {
		try (Admin admin = admin(broker)) {
			String nodeId = get(admin.describeCluster().nodes()).iterator().next().idString();
			return config(admin, new ConfigResource(ConfigResource.Type.BROKER, nodeId), name);
		}
	}

	static String topicConfig(KafkaBroker broker, String topic, String name) {
		try (Admin admin = admin(broker)) {
			return config(admin, new ConfigResource(ConfigResource.Type.TOPIC, topic), name);
		}
	}

	private static String config(Admin admin, ConfigResource resource, String name) {
		return get(admin.describeConfigs(List.of(resource)).all()).get(resource).get(name).value();
	}

	static <T> T get(Future<T> future) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
