package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Starts a partition of {@code wechat.events} that the relay group has never committed at
 * the first push no older than {@code forwarder.relay.max-age}
 * ({@code forwarder.relay.start-position=max-age}), or at its end when there is none: a
 * new group relays what may still be relayed and skips the retained history that would
 * only be dead-lettered. Kafka's own {@code auto.offset.reset=by_duration:} does the same
 * but, with kafka-clients 4.1.2, did not resolve the position of one partition of a
 * freshly created topic within {@code default.api.timeout.ms} in {@code RelayIT}, so the
 * lookup is made here. Partitions with a committed offset continue from it.
 */
public class RelayStartPosition implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(RelayStartPosition.class);

	private final Duration maxAge;

	private final Clock clock;

	public RelayStartPosition(Duration maxAge, Clock clock) {
		this.maxAge = maxAge;
		this.clock = clock;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
		List<TopicPartition> fresh = partitions.stream()
			.filter((partition) -> committed.get(partition) == null)
			.toList();
		if (fresh.isEmpty()) {
			return;
		}
		// The end is read before the search: a push written after it is at or past that
		// offset, and one written before it would have been found. seekToEnd would
		// instead
		// resolve the end at the next poll and skip every push written meanwhile.
		Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
		long since = Instant.now(this.clock).minus(this.maxAge).toEpochMilli();
		Map<TopicPartition, OffsetAndTimestamp> offsets = consumer
			.offsetsForTimes(fresh.stream().collect(Collectors.toMap((partition) -> partition, (partition) -> since)));
		for (TopicPartition partition : fresh) {
			OffsetAndTimestamp found = offsets.get(partition);
			long offset = (found != null) ? found.offset() : ends.get(partition);
			consumer.seek(partition, offset);
			logger
				.info("The relay starts {} at offset {}{} (no committed offset; forwarder.relay.start-position max-age"
						+ " {})", partition, offset, (found != null) ? "" : ", its end", this.maxAge);
		}
	}

}
