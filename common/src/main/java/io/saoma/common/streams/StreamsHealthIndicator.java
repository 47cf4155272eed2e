package io.saoma.common.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * UP while an application's Kafka Streams runs (or rebalances, which it does on every scale-out), DOWN once it
 * stopped or failed: then its topology processes nothing.
 */
public class StreamsHealthIndicator extends AbstractHealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(StreamsHealthIndicator.class);

	private final StreamsBuilderFactoryBean streams;

	public StreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	/**
	 * Replaces a stream thread that failed instead of stopping the application; its tasks resume from their last
	 * commit, so exactly-once holds.
	 * @return the configurer to declare as a bean
	 */
	public static StreamsBuilderFactoryBeanConfigurer replacingFailedThreads() {
		return (factoryBean) -> factoryBean.setStreamsUncaughtExceptionHandler((ex) -> {
			logger.error("A stream thread failed; replacing it (its tasks resume from the last commit)", ex);
			return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
		});
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		KafkaStreams.State state = (kafkaStreams != null) ? kafkaStreams.state() : KafkaStreams.State.NOT_RUNNING;
		(state.isRunningOrRebalancing() ? builder.up() : builder.down()).withDetail("state", state.name());
	}

}
