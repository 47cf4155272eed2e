package io.saoma.loginprocessor;

import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.streams.StreamThreadFailures;
import io.saoma.common.streams.StreamsHealthIndicator;
import io.saoma.common.streams.SupervisedStreamsConfiguration;
import io.saoma.loginprocessor.api.StatusStore;
import io.saoma.loginprocessor.api.StatusUpdates;
import io.saoma.loginprocessor.config.FunnelProperties;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.config.TicketPartitions;
import io.saoma.loginprocessor.topology.FunnelSettings;
import io.saoma.loginprocessor.topology.LoginTopology;
import io.saoma.loginprocessor.topology.LoginTopologySettings;
import io.saoma.loginprocessor.topology.MatcherMetrics;
import io.saoma.loginprocessor.topology.SkipPoisonRecords;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Wires the login topology into Spring's Kafka Streams ({@code spring.kafka.streams.*}:
 * exactly-once, commit interval, caching), with {@link SkipPoisonRecords} as its
 * {@code processing.exception.handler}, failed stream threads replaced and counted
 * ({@link SupervisedStreamsConfiguration}) and the health {@code kafkaStreams}; and the
 * interactive queries of the login status store ({@link StatusStore}).
 */
@Configuration(proxyBeanMethods = false)
@Import(SupervisedStreamsConfiguration.class)
class LoginStreamsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LoginStreamsConfiguration.class);

	@Bean
	StatusUpdates statusUpdates() {
		return new StatusUpdates();
	}

	/**
	 * The interactive queries of the login status store: which instance owns a login, and
	 * its status there.
	 * @param streams Kafka Streams
	 * @return the queries, answering at once
	 */
	@Bean
	KafkaStreamsInteractiveQueryService statusQueries(StreamsBuilderFactoryBean streams) {
		return StatusStore.queries(streams);
	}

	@Bean
	StatusStore statusStore(KafkaStreamsInteractiveQueryService statusQueries, StreamsBuilderFactoryBean streams) {
		String server = streams.getStreamsConfiguration().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
		return new StatusStore(statusQueries, HostInfo.buildFromEndpoint(server));
	}

	@Bean
	MatcherMetrics matcherMetrics(MeterRegistry registry) {
		return new MatcherMetrics(registry);
	}

	@Bean
	LoginTopologySettings loginTopology(StreamsBuilder builder, KafkaAdmin kafkaAdmin, LoginProperties properties,
			FunnelProperties funnelProperties, MatcherMetrics metrics, StatusUpdates statusUpdates) {
		int partitions = TicketPartitions.of(kafkaAdmin);
		LoginTopologySettings settings = new LoginTopologySettings(partitions, properties.dedupRetention(),
				properties.scanGrace(), properties.statusRetention(), properties.expiryCheckInterval(),
				properties.scanClockSkew(), properties.expiryGrace(), properties.maxExpiriesPerSweep());
		FunnelSettings funnel = funnelProperties.settings();
		LoginTopology.addTo(builder, settings, funnel, metrics, statusUpdates);
		logger.info(
				"Login topology: scans re-keyed by ticket onto {} partitions; login funnel in windows of {}, grace {}",
				partitions, funnel.windows(), funnel.grace());
		return settings;
	}

	/**
	 * Skips a record whose processing throws instead of failing the thread on it forever;
	 * counted in {@code login.poison}.
	 * @param registry where the handler counts
	 * @return the configurer to declare as a bean
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer skipPoisonRecords(MeterRegistry registry) {
		return (factoryBean) -> {
			Properties config = new Properties();
			if (factoryBean.getStreamsConfiguration() != null) {
				config.putAll(factoryBean.getStreamsConfiguration());
			}
			SkipPoisonRecords.register(config, registry);
			factoryBean.setStreamsConfiguration(config);
		};
	}

	@Bean
	StreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams, StreamThreadFailures failures,
			MatcherMetrics metrics) {
		return new StreamsHealthIndicator(streams, failures, metrics.deadLetters());
	}

}
