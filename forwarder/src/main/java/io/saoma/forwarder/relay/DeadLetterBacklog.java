package io.saoma.forwarder.relay;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the re-drive stands in the dead-letter topic, read from the broker: per
 * partition, the first dead letter not re-driven yet is the group's committed offset, or
 * the log's start when nothing was committed or the committed offset is below it (those
 * letters were deleted by retention: {@code auto.offset.reset=earliest} starts at the
 * first one that is left). Reading it joins no group, so it never disturbs a running
 * re-drive.
 */
final class DeadLetterBacklog {

	private DeadLetterBacklog() {
	}

	/**
	 * The first offset of each partition still to re-drive.
	 * @param consumer a consumer of the re-drive's group (it need not be subscribed)
	 * @param partitions the partitions
	 * @return the offsets
	 */
	static Map<TopicPartition, Long> next(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		Set<TopicPartition> all = Set.copyOf(partitions);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
		Map<TopicPartition, Long> beginning = consumer.beginningOffsets(all);
		Map<TopicPartition, Long> next = new HashMap<>();
		for (TopicPartition partition : all) {
			OffsetAndMetadata offset = committed.get(partition);
			long start = beginning.getOrDefault(partition, 0L);
			next.put(partition, (offset != null) ? Math.max(offset.offset(), start) : start);
		}
		return next;
	}

	/**
	 * The dead letters below the given ends that are still to re-drive.
	 * @param consumer a consumer of the re-drive's group
	 * @param ends per partition, the offset after the last dead letter that counts
	 * @return how many
	 */
	static long remaining(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
		Map<TopicPartition, Long> next = next(consumer, ends.keySet());
		return ends.entrySet().stream().mapToLong((end) -> Math.max(0, end.getValue() - next.get(end.getKey()))).sum();
	}

}
