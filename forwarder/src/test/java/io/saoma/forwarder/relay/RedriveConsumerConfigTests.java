package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedriveConsumerConfigTests {

	private static final RedriveProperties DEFAULTS = new RedriveProperties(Duration.ofSeconds(60),
			"saoma-forwarder-redrive", 10);

	@Test
	void shouldForceWhatTheReDriveReliesOnOverTheForwardersConsumerSettings() {
		Map<String, Object> base = new HashMap<>();
		base.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
		base.put(ConsumerConfig.GROUP_ID_CONFIG, "saoma-forwarder-relay");
		base.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-member");
		base.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
		base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
		base.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		base.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);

		Map<String, Object> config = RedriveConsumerConfig.of(base, DEFAULTS, Duration.ofSeconds(5));

		assertThat(config).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
			.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "saoma-forwarder-redrive")
			.doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
			.containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
			.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
			.containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
			.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10)
			.containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
					List.of(CooperativeStickyAssignor.class));
		assertThat(base).as("the forwarder's own settings are left alone")
			.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
	}

	@Test
	void shouldRaiseThePollIntervalSoThatOnePollsRelaysAtTheTimeoutFitInHalfOfIt() {
		Map<String, Object> config = RedriveConsumerConfig.of(Map.of(),
				new RedriveProperties(Duration.ofSeconds(60), "g", 100), Duration.ofSeconds(5));

		assertThat(config).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000_000);
	}

	@Test
	void shouldKeepALongerConfiguredPollInterval() {
		Map<String, Object> config = RedriveConsumerConfig
			.of(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000"), DEFAULTS, Duration.ofSeconds(5));

		assertThat(config).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
	}

}
