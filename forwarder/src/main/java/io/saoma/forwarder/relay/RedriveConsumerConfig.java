package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;

/**
 * The consumer of a re-drive: the forwarder's consumer settings
 * ({@code spring.kafka.consumer.*}: cluster, security) with what the re-drive relies on
 * forced.
 * <ul>
 * <li>its own group ({@code forwarder.redrive.group}), dynamic membership and the classic
 * protocol, so a re-drive that ends leaves the group at once;</li>
 * <li>no auto-commit: only what was relayed (or can never be) is committed;</li>
 * <li>{@code auto.offset.reset=earliest}: when retention deleted the letters up to the
 * committed offset, the re-drive starts at the first letter left instead of skipping to
 * the end;</li>
 * <li>a sticky assignor: a re-drive that another one joins keeps what it holds, and the
 * newcomer, which gets no or only some partitions, is refused;</li>
 * <li>few records per poll, and a poll interval that a poll's relays, at the relay
 * timeout each, cannot outlast.</li>
 * </ul>
 */
final class RedriveConsumerConfig {

	private static final long KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS = Duration.ofMinutes(5).toMillis();

	private RedriveConsumerConfig() {
	}

	static Map<String, Object> of(Map<String, Object> base, RedriveProperties redrive, Duration relayTimeout) {
		Map<String, Object> config = new HashMap<>(base);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, redrive.group());
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class));
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, redrive.maxPollRecords());
		long configured = (config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG) != null)
				? Long.parseLong(config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG).toString())
				: KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS;
		long needed = 2L * redrive.maxPollRecords() * relayTimeout.toMillis();
		config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
				(int) Math.min(Integer.MAX_VALUE, Math.max(configured, needed)));
		return config;
	}

}
