package io.saoma.loginprocessor.confirm;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.DeadLetterReasons;
import io.saoma.common.DeclaredTopics;
import io.saoma.common.KafkaTemplates;
import io.saoma.loginprocessor.wechat.CustomMessageClient;
import io.saoma.loginprocessor.wechat.WechatApiProperties;
import io.saoma.loginprocessor.wechat.WechatClients;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Wires the login confirmation ({@link ConfirmationListener}), only when some
 * {@code login.confirmation.accounts.<account>} is configured: its consumers (of
 * {@value Topics.Names#LOGINS} and of the retry topics: raw bytes, read_committed since
 * Kafka Streams writes the logins in transactions, from the earliest offset as a new
 * group, {@code max-age} skipping what is old), the retry topics' template and the dead
 * letters' reason header, the marker topic {@value Topics.Names#LOGIN_CONFIRMATIONS}
 * (created compacted when missing) and its reader, and one {@link CustomMessageClient}
 * per account on the account's shared token holder ({@link WechatClients}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConfirmationsConfigured.class)
public class ConfirmationConfiguration extends RetryTopicConfigurationSupport {

	private static final Logger logger = LoggerFactory.getLogger(ConfirmationConfiguration.class);

	/**
	 * One WeChat call can be: the token, the send, a token refresh and the send again.
	 */
	private static final int CALLS_PER_SEND = 4;

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> confirmationContainerFactory(KafkaProperties kafka,
			MeterRegistry registry, WechatApiProperties api) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords(config, api.timeout()));
		DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new ByteArrayDeserializer());
		consumers.addListener(new MicrometerConsumerListener<>(registry));
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumers);
		// each confirmation's offset is committed after its marker, so a restart sends
		// (and looks up) as little again as possible
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
		return factory;
	}

	/**
	 * As many records per poll as can be confirmed, at the slowest, well within
	 * {@code max.poll.interval.ms}: a consumer exceeding it is dropped from the group and
	 * its records are delivered again.
	 */
	static int maxPollRecords(Map<String, Object> config, Duration wechatTimeout) {
		Object interval = config.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
		long intervalMs = Long.parseLong(interval.toString());
		long perRecordMs = wechatTimeout.toMillis() * (CALLS_PER_SEND + 2);
		return (int) Math.max(1, Math.min(100, intervalMs / 2 / perRecordMs));
	}

	@Bean
	KafkaTemplate<String, byte[]> confirmationRetryTemplate(KafkaProperties kafka, MeterRegistry registry) {
		return KafkaTemplates.withoutContentInLogs(KafkaTemplates.instrumentedProducerFactory(
				kafka.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer(), registry));
	}

	/**
	 * The retry settings as {@link ConfirmationListener}'s {@code @RetryableTopic} reads
	 * them.
	 * @param properties the bound settings
	 * @return {@code login.confirmation.retry}
	 */
	@Bean
	ConfirmationProperties.Retry confirmationRetry(ConfirmationProperties properties) {
		return properties.retry();
	}

	@Override
	protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
		// a login given up on says why in a header of its own; the failures were logged
		// once already, without a stack trace (WechatHttp, the dead-letter handler)
		return (factory) -> {
			factory.setHeadersFunction(ConfirmationConfiguration::reasonHeader);
			factory.neverLogListenerException();
		};
	}

	static Headers reasonHeader(ConsumerRecord<?, ?> record, Exception exception) {
		return DeadLetterReasons.header(ConfirmationFailure.REASON_HEADER, exception,
				(cause) -> (cause instanceof ConfirmationFailure.Refused refused) ? refused.reason()
						: (cause instanceof ConfirmationFailure.Undecodable) ? "undecodable" : null);
	}

	@Bean
	TaskScheduler confirmationRetryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("confirmation-retry-");
		return scheduler;
	}

	@Bean
	NewTopic confirmationMarkersTopic(ConfirmationProperties properties) {
		return TopicBuilder.name(Topics.Names.LOGIN_CONFIRMATIONS)
			.partitions(properties.retry().topicPartitions())
			.config("cleanup.policy", "compact,delete")
			// a marker matters for max-age only; a day leaves room for a long outage
			.config("retention.ms", String.valueOf(Duration.ofDays(1).plus(properties.maxAge()).toMillis()))
			.build();
	}

	/**
	 * Holds the markers' reader and the confirmation's consumers until the marker, retry
	 * and dead-letter topics, which KafkaAdmin has just created, are known to the broker.
	 * @param kafkaAdmin the admin
	 * @param topics the topics declared
	 * @return the wait
	 */
	@Bean
	DeclaredTopics confirmationDeclaredTopics(KafkaAdmin kafkaAdmin, ObjectProvider<NewTopic> topics) {
		return DeclaredTopics.of(kafkaAdmin, topics, List.of());
	}

	@Bean
	ConfirmationMarkers confirmationMarkers(KafkaProperties kafka, MeterRegistry registry,
			ConfirmationProperties properties, WechatApiProperties api, Clock clock) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		KafkaTemplate<String, String> template = KafkaTemplates
			.withoutContentInLogs(KafkaTemplates.instrumentedProducerFactory(kafka.buildProducerProperties(),
					new StringSerializer(), new StringSerializer(), registry));
		return new ConfirmationMarkers(
				() -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()), template,
				api.timeout().multipliedBy(2), properties.maxAge(), clock);
	}

	@Bean
	ConfirmationListener confirmationListener(ConfirmationProperties properties, WechatClients wechatClients,
			WechatApiProperties api, ConfirmationMarkers confirmationMarkers, MeterRegistry registry, Clock clock) {
		ConfirmationChecks.check(properties, wechatClients.accounts());
		Map<String, CustomMessageClient> clients = new LinkedHashMap<>();
		properties.accounts().forEach((account, confirmation) -> {
			if (confirmation.isOn()) {
				clients.put(account, wechatClients.customMessages(account));
			}
		});
		logger.info("Confirming logins in WeChat for accounts {} (login.confirmation.accounts), max age {}",
				clients.keySet(), properties.maxAge());
		return new ConfirmationListener(clients, properties, confirmationMarkers, new ConfirmationMetrics(registry),
				api.timeout().multipliedBy(CALLS_PER_SEND).plusSeconds(1), clock);
	}

}
