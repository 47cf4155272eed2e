package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RelayPollBudgetTests {

	@Test
	void shouldFitTheRelaysOfOnePollInHalfOfThePollInterval() {
		assertThat(RelayPollBudget.maxPollRecords(Duration.ofSeconds(5), Duration.ofMinutes(5))).isEqualTo(30);
		assertThat(RelayPollBudget.maxPollRecords(Duration.ofSeconds(2), Duration.ofMinutes(5))).isEqualTo(75);
		assertThat(RelayPollBudget.maxPollRecords(Duration.ofSeconds(5), Duration.ofSeconds(10))).isEqualTo(1);
	}

	@Test
	void shouldNeverExceedKafkasDefault() {
		assertThat(RelayPollBudget.maxPollRecords(Duration.ofMillis(100), Duration.ofMinutes(5))).isEqualTo(500);
	}

	@Test
	void shouldRefuseATimeoutLongerThanHalfThePollInterval() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayPollBudget.maxPollRecords(Duration.ofSeconds(6), Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.relay.timeout"))
			.withMessageContaining("max.poll.interval.ms");
	}

	@Test
	void shouldSetTheLargestThatFitsWhenUnset() {
		Map<String, Object> config = new HashMap<>();
		assertThat(RelayPollBudget.apply(config, Duration.ofSeconds(5))).isEqualTo(30);
		assertThat(config).containsEntry("max.poll.records", 30);
	}

	@Test
	void shouldUseTheConfiguredPollInterval() {
		Map<String, Object> config = new HashMap<>(Map.of("max.poll.interval.ms", "60000"));
		assertThat(RelayPollBudget.apply(config, Duration.ofSeconds(5))).isEqualTo(6);
		assertThat(config).containsEntry("max.poll.records", 6);
	}

	@Test
	void shouldKeepAConfiguredMaxPollRecordsThatFits() {
		Map<String, Object> config = new HashMap<>(Map.of("max.poll.records", 10));
		assertThat(RelayPollBudget.apply(config, Duration.ofSeconds(5))).isEqualTo(10);
		assertThat(config).containsEntry("max.poll.records", 10);
	}

	@Test
	void shouldRefuseAConfiguredMaxPollRecordsThatCannotFinishInThePollInterval() {
		Map<String, Object> config = new HashMap<>(Map.of("max.poll.records", 500));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayPollBudget.apply(config, Duration.ofSeconds(5)))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("spring.kafka.consumer.max-poll-records"))
			.withMessageContaining("forwarder.relay.timeout")
			.withMessageContaining("max.poll.interval.ms")
			.satisfies((ex) -> assertThat(ex.action()).contains("at most 30"));
	}

	@Test
	void shouldRefuseAPollIntervalTooShortForOneRelay() {
		Map<String, Object> config = new HashMap<>(Map.of("max.poll.interval.ms", 8000));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayPollBudget.apply(config, Duration.ofSeconds(5)))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.relay.timeout"));
	}

	@Test
	void shouldBoundTheRelayConsumers() {
		ForwarderProperties properties = RelayTestProperties.of(Map.of());
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new RelayConfiguration()
			.relayContainerFactory(new KafkaProperties(), new SimpleMeterRegistry(), properties,
					new RelayLanes(1, Duration.ofSeconds(1)));
		assertThat(factory.getConsumerFactory().getConfigurationProperties()).containsEntry("max.poll.records", 30);
	}

	@Test
	void shouldRefuseAMalformedValue() {
		Map<String, Object> config = new HashMap<>(Map.of("max.poll.interval.ms", "soon"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayPollBudget.apply(config, Duration.ofSeconds(5)))
			.satisfies((ex) -> assertThat(ex.property()).contains("max.poll.interval.ms"));
	}

}
