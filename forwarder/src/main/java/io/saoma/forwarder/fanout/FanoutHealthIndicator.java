package io.saoma.forwarder.fanout;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * {@code fanout} in {@code /actuator/health}: UP while the fan-out's Kafka Streams runs or rebalances, DOWN once it
 * stopped or failed, because then nothing reaches the per-type topics.
 */
class FanoutHealthIndicator extends AbstractHealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	FanoutHealthIndicator(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		KafkaStreams.State state = (kafkaStreams != null) ? kafkaStreams.state() : KafkaStreams.State.NOT_RUNNING;
		(state.isRunningOrRebalancing() ? builder.up() : builder.down()).withDetail("state", state.name());
	}

}
