package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new relay group on a real broker: it starts each partition at the first record no
 * older than the max age, an empty partition (or one with only older records) at its end.
 */
class RelayStartPositionIT {

	@Test
	void shouldStartANewGroupAtTheFirstRecordYoungerThanTheMaxAge() {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		String topic = "start-position-" + UUID.randomUUID();
		broker.createTopic(topic, 3);
		long now = System.currentTimeMillis();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, 0, now - Duration.ofHours(3).toMillis(), "k", "too old"));
			producer.send(new ProducerRecord<>(topic, 0, now - Duration.ofMinutes(61).toMillis(), "k", "too old"));
			producer.send(new ProducerRecord<>(topic, 0, now - Duration.ofMinutes(59).toMillis(), "k", "young 1"));
			producer.send(new ProducerRecord<>(topic, 0, now, "k", "young 2"));
			producer.send(new ProducerRecord<>(topic, 1, now - Duration.ofHours(2).toMillis(), "k", "too old"));
			producer.flush();
		}
		List<String> read = new ArrayList<>();
		RelayStartPosition start = new RelayStartPosition(Duration.ofHours(1), Clock.systemUTC());
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(broker),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
					start.onPartitionsAssigned(consumer, partitions);
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				}
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					read.add(record.partition() + ":" + record.value());
				}
				return read.size() >= 2 && consumer.assignment().size() == 3;
			});
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>(topic, 1, Instant.now().toEpochMilli(), "k", "new"));
				producer.send(new ProducerRecord<>(topic, 2, Instant.now().toEpochMilli(), "k", "new"));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					read.add(record.partition() + ":" + record.value());
				}
				return read.size() >= 4;
			});
		}
		assertThat(read).containsExactlyInAnyOrder("0:young 1", "0:young 2", "1:new", "2:new");
	}

	@Test
	void shouldRelayAPushWrittenToAnEmptyPartitionRightAfterTheStartWasChosen() throws Exception {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		String topic = "start-position-" + UUID.randomUUID();
		broker.createTopic(topic, 1);
		RelayStartPosition start = new RelayStartPosition(Duration.ofHours(1), Clock.systemUTC());
		List<String> read = new ArrayList<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker),
				new StringSerializer(), new StringSerializer());
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(broker),
						new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
					start.onPartitionsAssigned(consumer, partitions);
					// a push lands after the start was chosen and before the first fetch:
					// the forwarder started while the receiver was already writing
					try {
						producer.send(new ProducerRecord<>(topic, 0, System.currentTimeMillis(), "k", "just in"))
							.get(30, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				}
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					read.add(record.value());
				}
				return !read.isEmpty();
			});
		}
		assertThat(read).containsExactly("just in");
	}

	private static Properties producerConfig(EmbeddedKraftBroker broker) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		return config;
	}

	private static Properties consumerConfig(EmbeddedKraftBroker broker) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "start-position-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return config;
	}

}
