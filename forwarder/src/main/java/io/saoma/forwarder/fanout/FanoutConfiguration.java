package io.saoma.forwarder.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.streams.StreamThreadFailures;
import io.saoma.common.streams.StreamsHealthIndicator;
import io.saoma.common.streams.SupervisedStreamsConfiguration;
import org.apache.kafka.streams.StreamsBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Runs the fan-out in Spring's Kafka Streams ({@code spring.kafka.streams.*}: application
 * id, exactly-once, commit interval). Its topics are ensured while the context is
 * created, before Kafka Streams starts, so a missing {@code wechat.events} stops start-up
 * instead of a stream thread. Failed stream threads are replaced and counted
 * ({@link SupervisedStreamsConfiguration}); the health is {@code fanout}.
 */
@Configuration(proxyBeanMethods = false)
@Import(SupervisedStreamsConfiguration.class)
@EnableConfigurationProperties(FanoutProperties.class)
class FanoutConfiguration {

	/**
	 * Creates the missing fan-out topics, then adds the topology to the builder Spring
	 * starts once the context is refreshed.
	 * @param builder Spring's builder
	 * @param kafkaAdmin the admin settings ({@code spring.kafka.admin.*})
	 * @param registry where the fan-out counts
	 * @param properties the de-duplication window and whether the JSON mirror is on
	 * @return what was found and created
	 */
	@Bean
	FanoutTopics fanoutTopology(StreamsBuilder builder, KafkaAdmin kafkaAdmin, MeterRegistry registry,
			FanoutProperties properties) {
		boolean jsonMirror = properties.jsonMirror().enabled();
		FanoutTopics topics = FanoutTopics.ensure(kafkaAdmin, jsonMirror);
		FanoutTopology.addTo(builder, new FanoutMetrics(registry, jsonMirror), properties.dedupWindow(), jsonMirror);
		return topics;
	}

	@Bean
	StreamsHealthIndicator fanoutHealthIndicator(StreamsBuilderFactoryBean streams,
			StreamThreadFailures streamThreadFailures) {
		return new StreamsHealthIndicator(streams, streamThreadFailures, null);
	}

}
