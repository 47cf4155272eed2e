package io.saoma.loginprocessor;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.loginprocessor.topology.SkipPoisonRecords;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

class LoginStreamsConfigurationTests {

	@Test
	void shouldRegisterThePoisonRecordHandlerAndKeepTheRestOfTheConfiguration() {
		StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(Map
			.of(StreamsConfig.APPLICATION_ID_CONFIG, "app", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092")));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();

		new LoginStreamsConfiguration().skipPoisonRecords(registry).configure(factoryBean);

		assertThat(factoryBean.getStreamsConfiguration())
			.containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SkipPoisonRecords.class.getName())
			.containsEntry(SkipPoisonRecords.METER_REGISTRY_CONFIG, registry)
			.containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app");
		assertThat(new StreamsConfig(factoryBean.getStreamsConfiguration()).processingExceptionHandler())
			.isInstanceOf(SkipPoisonRecords.class);
	}

}
