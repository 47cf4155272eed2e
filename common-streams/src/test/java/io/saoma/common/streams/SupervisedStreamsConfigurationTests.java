package io.saoma.common.streams;

import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Kafka Streams wiring: Spring's Kafka Streams gets an uncaught exception
 * handler that replaces a failed stream thread and records the failure where the health
 * reads it, with the thresholds of {@code saoma.streams.health.*}.
 */
class SupervisedStreamsConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SupervisedStreamsConfiguration.class, NotStarted.class);

	@Test
	void shouldReplaceAFailedStreamThreadAndRecordTheFailure() {
		this.runner.withPropertyValues("saoma.streams.health.max-thread-failures=0").run((context) -> {
			StreamsUncaughtExceptionHandler handler = context.getBean(StreamsBuilderFactoryBean.class)
				.getStreamsUncaughtExceptionHandler();
			assertThat(handler).isNotNull();
			assertThat(handler.handle(new IllegalStateException("boom")))
				.isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
			StreamThreadFailures.Snapshot failures = context.getBean(StreamThreadFailures.class).snapshot();
			assertThat(failures.recent()).isEqualTo(1);
			assertThat(failures.tooMany()).isTrue();
			assertThat(failures.lastFailure()).isEqualTo(IllegalStateException.class.getName());
		});
	}

	@Test
	void shouldRefuseBadHealthThresholds() {
		this.runner.withPropertyValues("saoma.streams.health.max-thread-failures=-1")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("maxThreadFailures"));
	}

	@Configuration(proxyBeanMethods = false)
	static class NotStarted {

		@Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
		KafkaStreamsConfiguration streamsConfig() {
			return new KafkaStreamsConfiguration(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "supervised-streams-test",
					StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));
		}

		@Bean
		StreamsBuilderFactoryBeanConfigurer notStarted() {
			return (factoryBean) -> factoryBean.setAutoStartup(false);
		}

	}

}
