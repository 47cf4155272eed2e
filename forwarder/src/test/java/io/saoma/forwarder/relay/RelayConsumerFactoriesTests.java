package io.saoma.forwarder.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.forwarder.relay.ForwarderProperties.StartPosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class RelayConsumerFactoriesTests {

	private static final RelayLanes LANES = new RelayLanes(1, Duration.ofSeconds(1));

	private final RelayConfiguration configuration = new RelayConfiguration();

	@Test
	void shouldStartANewMainGroupAtTheMaxAgeByDefault() {
		var factory = this.configuration.relayContainerFactory(new KafkaProperties(), new SimpleMeterRegistry(),
				RelayTestProperties.of(Map.of()), LANES);
		// the hand-over (relays in flight end before a partition is given up) passes the
		// assignment on to the start position
		assertThat(factory.getContainerProperties().getConsumerRebalanceListener()).isInstanceOf(RelayHandOver.class);
		assertThat(((RelayHandOver) factory.getContainerProperties().getConsumerRebalanceListener()).next())
			.isInstanceOf(RelayStartPosition.class);
		assertThat(factory.getConsumerFactory().getConfigurationProperties()).containsEntry("auto.offset.reset",
				"earliest");
	}

	@Test
	void shouldComeBackFromAPollWithinTheListenerPollTimeoutOnTheMainAndRetryTopics() {
		KafkaProperties kafka = new KafkaProperties();
		kafka.getListener().setPollTimeout(Duration.ofMillis(80));
		var main = this.configuration.relayContainerFactory(kafka, new SimpleMeterRegistry(),
				RelayTestProperties.of(Map.of()), LANES);
		var retries = this.configuration.relayRetryContainerFactory(kafka, new SimpleMeterRegistry(),
				RelayTestProperties.of(Map.of()));
		assertThat(main.getContainerProperties().getPollTimeout()).isEqualTo(80);
		assertThat(retries.getContainerProperties().getPollTimeout()).isEqualTo(80);
	}

	@Test
	void shouldShipAPollTimeoutWellUnderASecond() throws IOException {
		PropertySource<?> shipped = new YamlPropertySourceLoader()
			.load("forwarder.yml", new ClassPathResource("io/saoma/forwarder/forwarder.yml"))
			.get(0);
		Object pollTimeout = shipped.getProperty("spring.kafka.listener.poll-timeout");
		assertThat(pollTimeout).isNotNull();
		assertThat(DurationStyle.detectAndParse(pollTimeout.toString())).isLessThanOrEqualTo(Duration.ofMillis(100));
	}

	@Test
	void shouldCommitTheMainTopicWithoutWaitingSoThatRelaysEndingElsewhereDoNotCutCommitsShort() {
		var factory = this.configuration.relayContainerFactory(new KafkaProperties(), new SimpleMeterRegistry(),
				RelayTestProperties.of(Map.of()), LANES);
		assertThat(factory.getContainerProperties().isSyncCommits()).isFalse();
	}

	@Test
	void shouldStartANewMainGroupWhereTheStartPositionSays() {
		assertThat(RelayConfiguration.autoOffsetReset(relay(StartPosition.LATEST))).isEqualTo("latest");
		assertThat(RelayConfiguration.autoOffsetReset(relay(StartPosition.EARLIEST))).isEqualTo("earliest");
		assertThat(RelayConfiguration.autoOffsetReset(relay(StartPosition.MAX_AGE))).isEqualTo("earliest");
	}

	@Test
	void shouldReadTheRetryAndDeadLetterTopicsAsRawBytesFromTheEarliestOffset() {
		KafkaProperties kafka = new KafkaProperties();
		kafka.getConsumer().setAutoOffsetReset("latest");
		var consumers = this.configuration
			.relayRetryContainerFactory(kafka, new SimpleMeterRegistry(), RelayTestProperties.of(Map.of()))
			.getConsumerFactory();
		assertThat(consumers.getConfigurationProperties()).containsEntry("auto.offset.reset", "earliest");
		assertThat(consumers.getValueDeserializer()).isInstanceOf(ByteArrayDeserializer.class);
	}

	@Test
	void shouldSayWhyAPushWasDeadLettered() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("wechat.events", 0, 0, "k", new byte[0]);
		Headers expired = RelayConfiguration.reasonHeader(record,
				new ListenerExecutionFailedException("failed", new RelayFailure.Expired("old")));
		assertThat(new String(expired.lastHeader(RelayFailure.REASON_HEADER).value(), StandardCharsets.UTF_8))
			.isEqualTo("max-age");
		assertThat(RelayConfiguration.reasonHeader(record,
				new ListenerExecutionFailedException("failed", new RelayFailure.Retryable("503"))))
			.isNull();
	}

	private static ForwarderProperties.Relay relay(StartPosition position) {
		return new ForwarderProperties.Relay(Duration.ofSeconds(5), 3, Duration.ofMinutes(30), position,
				RelayTestProperties.POOL, 64, 1);
	}

}
