package io.saoma.loginprocessor.config;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * UP while Kafka Streams runs (or rebalances, which it does on every scale-out), DOWN once it stopped or failed: then
 * no scan is matched.
 */
public class StreamsHealthIndicator extends AbstractHealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	public StreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		KafkaStreams.State state = (kafkaStreams != null) ? kafkaStreams.state() : KafkaStreams.State.NOT_RUNNING;
		(state.isRunningOrRebalancing() ? builder.up() : builder.down()).withDetail("state", state.name());
	}

}
