package io.saoma.forwarder.relay;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.saoma.common.KafkaTemplates;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the relay: the consumer of {@code wechat.events}, spring-kafka's non-blocking retry topics with exponential
 * back-off and a dead-letter topic (declared here, not hand-rolled), blocking waits while an endpoint's circuit is
 * open, and the pooled HTTP client.
 */
@Configuration(proxyBeanMethods = false)
public class RelayConfiguration extends RetryTopicConfigurationSupport {

	private static final Logger logger = LoggerFactory.getLogger(RelayConfiguration.class);

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, WechatEvent> relayContainerFactory(KafkaProperties kafka,
			MeterRegistry registry, ForwarderProperties properties) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		// a new consumer group relays the retained history; set spring.kafka.consumer.auto-offset-reset=latest to skip it
		config.putIfAbsent("auto.offset.reset", "earliest");
		config.put("enable.auto.commit", false);
		// one poll's relays, at the relay timeout each, must end well before max.poll.interval.ms, or the consumer is
		// dropped and relays its batch again (refuses to start when they cannot)
		int maxPollRecords = RelayPollBudget.apply(config, properties.relay().timeout());
		logger.info("Relay consumers poll at most {} records (forwarder.relay.timeout {})", maxPollRecords,
				properties.relay().timeout());
		ConcurrentKafkaListenerContainerFactory<String, WechatEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
		DefaultKafkaConsumerFactory<String, WechatEvent> consumers = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new ErrorHandlingDeserializer<>(AvroSerdes.wechatEvent().deserializer()));
		// the consumers' own metrics, consumer lag included, in Micrometer
		consumers.addListener(new MicrometerConsumerListener<>(registry));
		factory.setConsumerFactory(consumers);
		return factory;
	}

	@Bean
	KafkaTemplate<String, Object> relayRetryTemplate(KafkaProperties kafka, MeterRegistry registry) {
		Map<Class<?>, Serializer<?>> serializers = Map.of(WechatEvent.class, AvroSerdes.wechatEvent().serializer(),
				byte[].class, new ByteArraySerializer());
		return KafkaTemplates.withoutContentInLogs(KafkaTemplates.instrumentedProducerFactory(
				kafka.buildProducerProperties(), new StringSerializer(), new DelegatingByTypeSerializer(serializers),
				registry));
	}

	@Bean
	RetryTopicConfiguration relayRetryTopics(KafkaTemplate<String, Object> relayRetryTemplate,
			ForwarderProperties properties) {
		ForwarderProperties.Retry retry = properties.retry();
		return RetryTopicConfigurationBuilder.newInstance()
			.includeTopic(Topics.WECHAT_EVENTS)
			.listenerFactory("relayContainerFactory")
			.exponentialBackoff(retry.initialDelay().toMillis(), retry.multiplier(), retry.maxDelay().toMillis())
			.maxAttempts(retry.attempts())
			.retryTopicSuffix(Topics.RELAY_RETRY_SUFFIX)
			.dltSuffix(Topics.RELAY_DLT.substring(Topics.WECHAT_EVENTS.length()))
			.suffixTopicsWithIndexValues()
			.useSingleTopicForSameIntervals()
			.notRetryOn(List.of(RelayFailure.Rejected.class, DeserializationException.class))
			.autoCreateTopicsWith(retry.topicPartitions(), (short) -1)
			.dltHandlerMethod("relayListener", "onDeadLetter")
			.create(relayRetryTemplate);
	}

	@Override
	protected void configureBlockingRetries(BlockingRetriesConfigurer blockingRetries) {
		// while a circuit is open the push waits where it is, polling the circuit every second, using up no retry
		blockingRetries.retryOn(RelayFailure.CircuitOpen.class)
			.backOff(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
	}

	@Bean
	TaskScheduler relayRetryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("relay-retry-");
		return scheduler;
	}

	@Bean
	Map<String, RelayCircuit> relayCircuits(ForwarderProperties properties) {
		Map<String, RelayCircuit> circuits = new LinkedHashMap<>();
		properties.accounts().keySet().forEach((account) -> circuits.put(account, new RelayCircuit(
				properties.circuit().failureThreshold(), properties.circuit().openDuration(), Clock.systemUTC())));
		return circuits;
	}

	@Bean
	Relay relay(ForwarderProperties properties, Map<String, RelayCircuit> relayCircuits, MeterRegistry registry) {
		ConnectionProvider pool = ConnectionProvider.builder("authing-relay")
			.maxConnections(Math.max(16, properties.relay().concurrency() * 4))
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(properties.relay().timeout().toMillis(), 5000))
			.keepAlive(true);
		RelayClient client = new RelayClient(
				WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build(),
				properties.relay().timeout());
		return new Relay(properties.accounts(), relayCircuits, client, registry);
	}

	@Bean
	RelayListener relayListener(Relay relay, ForwarderProperties properties,
			RelayAccountsCheck.WechatAccounts wechatAccounts) {
		RelayAccountsCheck.check(properties, wechatAccounts);
		return new RelayListener(relay);
	}

	@Bean
	RelayHealthIndicator relayHealthIndicator(Map<String, RelayCircuit> relayCircuits) {
		return new RelayHealthIndicator(relayCircuits);
	}

	@Bean
	DeadLetterRedrive deadLetterRedrive(KafkaProperties kafka, Relay relay, RedriveProperties redrive,
			ForwarderProperties properties) {
		return new DeadLetterRedrive(new DefaultKafkaConsumerFactory<>(RedriveConsumerConfig.of(
				kafka.buildConsumerProperties(), redrive, properties.relay().timeout()), new StringDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer()), kafka.buildAdminProperties(), relay,
				redrive, Clock.systemUTC());
	}

}
