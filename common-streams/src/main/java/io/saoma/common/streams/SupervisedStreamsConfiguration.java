package io.saoma.common.streams;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The Kafka Streams wiring every Streams application here shares: Spring's Kafka Streams
 * ({@code spring.kafka.streams.*}), a failed stream thread replaced and remembered
 * ({@link StreamThreadFailures}, {@code saoma.streams.health.*}). An application imports
 * it and declares its own {@link StreamsHealthIndicator} (its bean name is the health
 * component's name) from the {@link StreamThreadFailures} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties(StreamsHealthProperties.class)
public class SupervisedStreamsConfiguration {

	@Bean
	StreamThreadFailures streamThreadFailures(StreamsHealthProperties properties) {
		return new StreamThreadFailures(properties);
	}

	@Bean
	StreamsBuilderFactoryBeanConfigurer replaceFailedStreamThreads(StreamThreadFailures streamThreadFailures) {
		return streamThreadFailures.replacingFailedThreads();
	}

}
