package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.saoma.common.DeadLetterReasons;
import io.saoma.common.DeclaredTopics;
import io.saoma.common.KafkaTemplates;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.forwarder.relay.ForwarderProperties.StartPosition;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the relay: the consumer of {@code wechat.events}, the consumers and producer of
 * spring-kafka's non-blocking retry topics and dead-letter topic (which
 * {@link RelayListener} declares with {@code @RetryableTopic} and {@code @DltHandler}),
 * the dead letters' reason header, a Resilience4j circuit per account and a waiting topic
 * per account for the relays of an open circuit ({@link RelayWaitingRoom}), and the
 * pooled HTTP client. What the annotations cannot declare is here: the main topic's start
 * position and max-age seek, the raw-byte consumers of the side topics, the reason
 * header, and the waiting topics, whose consumers are paused and resumed by the circuits
 * and retry without end (max-age bounds them) rather than through retry topics. The main
 * topic's consumers start where {@code forwarder.relay.start-position} says; the retry,
 * waiting and dead-letter consumers read raw bytes from the earliest offset (whatever is
 * in those topics is owed a relay or a count).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WechatAccountsProperties.class)
public class RelayConfiguration extends RetryTopicConfigurationSupport {

	private static final Logger logger = LoggerFactory.getLogger(RelayConfiguration.class);

	/**
	 * The main topic's consumers. They read raw bytes, as the side topics' do: the
	 * listener decodes every record itself, so that a record nobody can decode takes the
	 * same way as any refused relay (its result fails, it is dead-lettered and counted).
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> relayContainerFactory(KafkaProperties kafka,
			MeterRegistry registry, ForwarderProperties properties, RelayLanes relayLanes) {
		Map<String, Object> config = relayConsumerConfig(kafka, properties);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset(properties.relay()));
		logger.info("A new relay consumer group starts reading {} at {} (forwarder.relay.start-position {})",
				Topics.Names.WECHAT_EVENTS, config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
				properties.relay().startPosition());
		DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new ByteArrayDeserializer());
		// the consumers' own metrics, consumer lag included, in Micrometer
		consumers.addListener(new MicrometerConsumerListener<>(registry));
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumers);
		handsRelaysOn(factory.getContainerProperties(), kafka);
		// relays end on other threads, each waking the consumer up: a commit waiting for
		// the broker would be cut short by those wake-ups and hold the next poll back
		// (~100 ms, "Woken up during commit"). An asynchronous commit loses nothing (only
		// ended relays are committed, and a later commit covers a failed one); after a
		// crash a few pushes may be relayed again
		factory.getContainerProperties().setSyncCommits(false);
		ConsumerAwareRebalanceListener startPosition = (properties.relay().startPosition() == StartPosition.MAX_AGE)
				? new RelayStartPosition(properties.relay().maxAge(), Clock.systemUTC())
				: new ConsumerAwareRebalanceListener() {
				};
		factory.getContainerProperties()
			.setConsumerRebalanceListener(new RelayHandOver(relayLanes, properties.relay().timeout(), startPosition));
		return factory;
	}

	/**
	 * The retry and dead-letter topics' consumers: raw bytes (the listener decodes them,
	 * so a dead letter nobody can decode still reaches the dead-letter handler and is
	 * counted), always from the earliest offset.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> relayRetryContainerFactory(KafkaProperties kafka,
			MeterRegistry registry, ForwarderProperties properties) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(sideTopicConsumers(kafka, registry, properties));
		handsRelaysOn(factory.getContainerProperties(), kafka);
		return factory;
	}

	/**
	 * Settings of a consumer whose listener hands its relays on ({@link RelayListener}
	 * answers with a future): spring-kafka pauses it until a poll's relays have ended,
	 * and takes a relay that failed to the retry topics only when its poll returns,
	 * without waking it up. So its poll must return soon:
	 * {@code spring.kafka.listener.poll-timeout} (the forwarder ships 100 ms; Kafka's
	 * fetches still wait for records on the broker, {@code fetch.max.wait.ms}).
	 * @param container the container's properties, changed in place
	 * @param kafka the Kafka settings
	 */
	static void handsRelaysOn(ContainerProperties container, KafkaProperties kafka) {
		Duration pollTimeout = kafka.getListener().getPollTimeout();
		if (pollTimeout != null) {
			container.setPollTimeout(pollTimeout.toMillis());
		}
	}

	static DefaultKafkaConsumerFactory<String, byte[]> sideTopicConsumers(KafkaProperties kafka, MeterRegistry registry,
			ForwarderProperties properties) {
		Map<String, Object> config = relayConsumerConfig(kafka, properties);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new ByteArrayDeserializer());
		consumers.addListener(new MicrometerConsumerListener<>(registry));
		return consumers;
	}

	private static Map<String, Object> relayConsumerConfig(KafkaProperties kafka, ForwarderProperties properties) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// one poll's relays, at the relay timeout each, must end well before
		// max.poll.interval.ms, or the consumer is
		// dropped and relays its batch again (refuses to start when they cannot)
		int maxPollRecords = RelayPollBudget.apply(config, properties.relay().timeout());
		logger.debug("Relay consumers poll at most {} records (forwarder.relay.timeout {})", maxPollRecords,
				properties.relay().timeout());
		return config;
	}

	/**
	 * The main topic's {@code auto.offset.reset}. For {@code max-age} a partition the
	 * group never committed starts where {@link RelayStartPosition} seeks;
	 * {@code earliest} then only applies to a committed offset that retention has deleted
	 * (the forwarder was stopped for longer than the retention): what is left is relayed
	 * or, when older than the max age, dead-lettered.
	 * @param relay the relay settings
	 * @return {@code earliest} or {@code latest}
	 */
	static String autoOffsetReset(ForwarderProperties.Relay relay) {
		return (relay.startPosition() == StartPosition.LATEST) ? "latest" : "earliest";
	}

	@Bean
	KafkaTemplate<String, Object> relayRetryTemplate(KafkaProperties kafka, MeterRegistry registry) {
		Map<Class<?>, Serializer<?>> serializers = Map.of(WechatEvent.class, AvroSerdes.wechatEvent().serializer(),
				byte[].class, new ByteArraySerializer());
		return KafkaTemplates
			.withoutContentInLogs(KafkaTemplates.instrumentedProducerFactory(kafka.buildProducerProperties(),
					new StringSerializer(), new DelegatingByTypeSerializer(serializers), registry));
	}

	/**
	 * The retry settings as {@link RelayListener}'s {@code @RetryableTopic} reads them.
	 * @param properties the bound settings
	 * @return {@code forwarder.retry}
	 */
	@Bean
	ForwarderProperties.Retry relayRetry(ForwarderProperties properties) {
		return properties.retry();
	}

	/**
	 * The relay settings as {@link RelayListener}'s annotations read them.
	 * @param properties the bound settings
	 * @return {@code forwarder.relay}
	 */
	@Bean
	ForwarderProperties.Relay relaySettings(ForwarderProperties properties) {
		return properties.relay();
	}

	@Override
	protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
		// a push the relay gave up on says why in a header of its own
		return (factory) -> factory.setHeadersFunction(RelayConfiguration::reasonHeader);
	}

	static Headers reasonHeader(ConsumerRecord<?, ?> record, Exception exception) {
		return DeadLetterReasons.header(RelayFailure.REASON_HEADER, exception,
				(cause) -> (cause instanceof RelayFailure.Rejected rejected) ? rejected.reason()
						: (cause instanceof DeserializationException) ? "undecodable" : null);
	}

	@Bean
	TaskScheduler relayRetryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("relay-retry-");
		return scheduler;
	}

	@Bean
	RelayCircuits relayCircuits(ForwarderProperties properties, MeterRegistry registry) {
		RelayCircuits circuits = new RelayCircuits(properties.accounts().keySet(), properties.circuit(),
				Clock.systemUTC());
		circuits.bindTo(registry);
		return circuits;
	}

	@Bean
	Relay relay(ForwarderProperties properties, RelayCircuits relayCircuits, MeterRegistry registry,
			WebClient.Builder webClientBuilder) {
		logger.info(
				"Relay HTTP pool: {} connections per endpoint for {} calls at once (forwarder.relay.pool, .in-flight)",
				(properties.relay().pool().maxConnections() > 0) ? properties.relay().pool().maxConnections()
						: RelayHttpPool.callers(properties),
				RelayHttpPool.callers(properties));
		HttpClient http = HttpClient.create(RelayHttpPool.create(properties))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(properties.relay().timeout().toMillis(), 5000))
			.keepAlive(true);
		// Boot's builder: observed as http.client.requests, with the account as a tag
		RelayClient client = new RelayClient(webClientBuilder.clientConnector(new ReactorClientHttpConnector(http))
			.observationConvention(new RelayObservationConvention())
			.build(), properties.relay().timeout());
		return new Relay(properties.accounts(), relayCircuits, client, registry, properties.relay().maxAge(),
				Clock.systemUTC());
	}

	@Bean
	KafkaAdmin.NewTopics relayWaitingTopics(ForwarderProperties properties) {
		return new KafkaAdmin.NewTopics(properties.accounts()
			.keySet()
			.stream()
			.map((account) -> new NewTopic(RelayWaitingRoom.topic(account),
					Optional.of(properties.retry().topicPartitions()), Optional.empty()))
			.toArray(NewTopic[]::new));
	}

	/**
	 * Holds the relay's consumers until its retry, dead-letter and waiting topics, which
	 * KafkaAdmin has just created, are known to the broker.
	 * @param kafkaAdmin the admin
	 * @param topics the topics declared one by one (the retry and dead-letter topics)
	 * @param properties the accounts, one waiting topic each
	 * @return the wait
	 */
	@Bean
	DeclaredTopics relayDeclaredTopics(KafkaAdmin kafkaAdmin, ObjectProvider<NewTopic> topics,
			ForwarderProperties properties) {
		return DeclaredTopics.of(kafkaAdmin, topics,
				properties.accounts().keySet().stream().map(RelayWaitingRoom::topic).toList());
	}

	@Bean
	RelayWaitingRoom relayWaitingRoom(ForwarderProperties properties, KafkaProperties kafka, MeterRegistry registry,
			KafkaTemplate<String, Object> relayRetryTemplate, Relay relay, RelayCircuits relayCircuits) {
		// a dead letter of the waiting topics goes to the dead-letter topic as those of
		// the retry topics do
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(relayRetryTemplate,
				(record, ex) -> new TopicPartition(Topics.Names.RELAY_DLT, -1));
		deadLetters.setHeadersFunction(RelayConfiguration::reasonHeader);
		// a relay that cannot be made yet is tried again later, for as long as it takes:
		// max-age bounds the wait
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(deadLetters,
				new FixedBackOff(properties.circuit().recheckInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
		errorHandler.addNotRetryableExceptions(RelayFailure.Rejected.class);
		errorHandler.setLogLevel(KafkaException.Level.DEBUG);
		return new RelayWaitingRoom(properties.accounts().keySet(), sideTopicConsumers(kafka, registry, properties),
				relayRetryTemplate, relay, relayCircuits, errorHandler, properties.relay().timeout());
	}

	@Bean
	RelayLanes relayLanes(ForwarderProperties properties) {
		// the consumer waits at most a relay's timeout for a free slot (RelayPollBudget
		// counts one timeout per record of a poll); past that the push goes to the retry
		// topics
		return new RelayLanes(properties.relay().inFlight(), properties.relay().timeout());
	}

	@Bean
	RelayListener relayListener(Relay relay, RelayWaitingRoom relayWaitingRoom, ForwarderProperties properties,
			WechatAccountsProperties wechatAccounts, RelayLanes relayLanes) {
		RelayAccountsCheck.check(properties, wechatAccounts);
		return new RelayListener(relay, relayWaitingRoom, relayLanes);
	}

	@Bean
	RelayHealthIndicator relayHealthIndicator(RelayCircuits relayCircuits, RelayWaitingRoom relayWaitingRoom) {
		return new RelayHealthIndicator(relayCircuits, relayWaitingRoom::isPaused);
	}

	@Bean
	DeadLetterRedrive deadLetterRedrive(KafkaProperties kafka, Relay relay, RedriveProperties redrive,
			ForwarderProperties properties) {
		return new DeadLetterRedrive(
				new DefaultKafkaConsumerFactory<>(
						RedriveConsumerConfig.of(kafka.buildConsumerProperties(), redrive,
								properties.relay().timeout()),
						new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer()),
				kafka.buildAdminProperties(), relay, redrive, Clock.systemUTC());
	}

}
