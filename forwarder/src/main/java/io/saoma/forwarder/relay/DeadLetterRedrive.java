package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Re-drives the relay's dead letters after an outage: {@code GET /actuator/relaydlt} says how many wait,
 * {@code POST /actuator/relaydlt} relays them in order. Progress is the committed offset of the consumer group
 * {@value #GROUP}, so a re-drive can be repeated and never relays a dead letter twice once it succeeded. It stops at
 * the first push the endpoint still cannot take; pushes the endpoint refuses for good are counted and skipped (they
 * stay in the topic).
 */
@Endpoint(id = "relaydlt")
public class DeadLetterRedrive {

	/** The consumer group that tracks re-drive progress. */
	public static final String GROUP = "saoma-forwarder-redrive";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterRedrive.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final ConsumerFactory<String, byte[]> consumers;

	private final Relay relay;

	public DeadLetterRedrive(ConsumerFactory<String, byte[]> consumers, Relay relay) {
		this.consumers = consumers;
		this.relay = relay;
	}

	@ReadOperation
	public synchronized Map<String, Object> pending() {
		try (Consumer<String, byte[]> consumer = consumer()) {
			return Map.of("topic", Topics.RELAY_DLT, "pending", pending(consumer));
		}
	}

	@WriteOperation
	public synchronized Map<String, Object> redrive() {
		int relayed = 0;
		int refused = 0;
		int undecodable = 0;
		String stoppedBy = null;
		try (Consumer<String, byte[]> consumer = consumer()) {
			Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
			outer: while (!caughtUp(consumer, end)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
					if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
						continue;
					}
					try {
						WechatEvent event = AvroSerdes.wechatEvent().decode(record.value());
						this.relay.relay(event);
						relayed++;
					}
					catch (SerializationException ex) {
						undecodable++;
					}
					catch (RelayFailure.Rejected ex) {
						refused++;
					}
					catch (RelayFailure ex) {
						stoppedBy = ex.getMessage();
						break outer;
					}
					consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
							new OffsetAndMetadata(record.offset() + 1)));
				}
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("relayed", relayed);
			result.put("refused", refused);
			result.put("undecodable", undecodable);
			result.put("pending", pending(consumer));
			if (stoppedBy != null) {
				result.put("stoppedBy", stoppedBy);
			}
			logger.info("Re-drive of {}: {}", Topics.RELAY_DLT, result);
			return result;
		}
	}

	private Consumer<String, byte[]> consumer() {
		Consumer<String, byte[]> consumer = this.consumers.createConsumer(GROUP, "redrive");
		List<TopicPartition> partitions = consumer.partitionsFor(Topics.RELAY_DLT)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata offset = committed.get(partition);
			if (offset != null) {
				consumer.seek(partition, offset.offset());
			}
			else {
				consumer.seekToBeginning(List.of(partition));
			}
		}
		return consumer;
	}

	private static boolean caughtUp(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
	}

	private static long pending(Consumer<String, byte[]> consumer) {
		Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
		return end.entrySet().stream().mapToLong((entry) -> entry.getValue() - consumer.position(entry.getKey())).sum();
	}

}
