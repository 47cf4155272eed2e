package io.saoma.receiver;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.saoma.common.AcknowledgedSends;
import io.saoma.common.KafkaTemplates;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.config.ReceiverProperties;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.health.KafkaHealthIndicator;
import io.saoma.receiver.metrics.PushMetrics;
import io.saoma.receiver.metrics.PushRequestObservations;
import io.saoma.receiver.publish.EventPublisher;
import io.saoma.receiver.publish.KafkaEventPublisher;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.reply.WelcomeReplies;
import io.saoma.receiver.reply.WelcomeReplyChecks;
import io.saoma.receiver.reply.WelcomeReplyProperties;
import io.saoma.receiver.web.RejectionLog;
import io.saoma.receiver.web.RequestBodies;
import io.saoma.receiver.web.ServerLimits;
import io.saoma.receiver.web.WechatHandler;
import io.saoma.receiver.web.WechatRoutes;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the receiver: validated accounts, the decoder, the Kafka producer (from
 * {@code spring.kafka.*}) with the Avro serde, the handler and its routes, metrics, the
 * Kafka health check and the limits that keep hostile traffic from holding connections,
 * memory or the send queue without bound ({@link ReceiverProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WechatAccountsProperties.class, WelcomeReplyProperties.class })
class ReceiverConfiguration {

	/**
	 * Threads calling {@code send}: it only blocks while metadata or buffer space is
	 * missing, for at most {@code max.block.ms}.
	 */
	private static final int SEND_THREADS = 4;

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	WechatAccounts wechatAccounts(WechatAccountsProperties properties) {
		return WechatAccounts.from(properties);
	}

	@Bean
	PushDecoder pushDecoder(Clock clock, ReceiverProperties properties) {
		return new PushDecoder(clock, properties.replayWindow());
	}

	@Bean
	ProducerFactory<String, WechatEvent> wechatEventProducerFactory(KafkaProperties kafka, MeterRegistry registry) {
		return KafkaTemplates.instrumentedProducerFactory(kafka.buildProducerProperties(), new StringSerializer(),
				AvroSerdes.wechatEvent().serializer(), registry);
	}

	@Bean
	KafkaTemplate<String, WechatEvent> wechatEventTemplate(ProducerFactory<String, WechatEvent> producerFactory) {
		return KafkaTemplates.withoutContentInLogs(producerFactory);
	}

	/**
	 * The {@code kafka-send} threads, with a queue no longer than
	 * {@code wechat.receiver.max-pending-sends}: a task over it is refused
	 * ({@code broker_busy}), never queued.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService kafkaSendExecutor(ReceiverProperties properties) {
		return new ThreadPoolExecutor(SEND_THREADS, SEND_THREADS, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(properties.maxPendingSends()), new CustomizableThreadFactory("kafka-send-"),
				new ThreadPoolExecutor.AbortPolicy());
	}

	@Bean
	AcknowledgedSends<String, WechatEvent> wechatEventSends(KafkaTemplate<String, WechatEvent> template,
			ReceiverProperties properties, ExecutorService kafkaSendExecutor, MeterRegistry registry) {
		AcknowledgedSends<String, WechatEvent> sends = AcknowledgedSends.bounded(template, properties.publishTimeout(),
				kafkaSendExecutor, properties.maxPendingSends());
		Gauge.builder("wechat.receiver.sends.pending", sends, AcknowledgedSends::pending)
			.description("Pushes handed to the Kafka producer, or waiting to be, and not yet acknowledged or failed")
			.register(registry);
		FunctionCounter.builder("wechat.receiver.sends.failed.unwatched", sends, AcknowledgedSends::failedUnwatched)
			.description("Writes that failed after their push had been answered (503 at the publish timeout): "
					+ "WeChat retries those pushes")
			.register(registry);
		return sends;
	}

	@Bean
	EventPublisher eventPublisher(AcknowledgedSends<String, WechatEvent> wechatEventSends) {
		return new KafkaEventPublisher(wechatEventSends);
	}

	@Bean
	RejectionLog rejectionLog(ReceiverProperties properties) {
		return RejectionLog.warnings(properties.rejectionLogInterval());
	}

	/**
	 * Writes the rejection counts that are still unreported once their interval has
	 * passed.
	 */
	@Bean(destroyMethod = "dispose")
	Disposable rejectionLogFlusher(RejectionLog rejectionLog, ReceiverProperties properties) {
		long interval = properties.rejectionLogInterval().toMillis();
		return Schedulers.parallel()
			.schedulePeriodically(rejectionLog::flush, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Bean
	ServerLimits serverLimits(ReceiverProperties properties, PushMetrics metrics, RejectionLog rejectionLog) {
		return new ServerLimits(properties.requestDeadline(), properties.maxConnections(), properties.headerTimeout(),
				metrics, rejectionLog);
	}

	/**
	 * Leaves pushes out of {@code http.server.requests} unless
	 * {@code wechat.receiver.observe-push-requests} is on.
	 */
	@Bean
	ObservationPredicate pushRequestObservations(ReceiverProperties properties) {
		return properties.observePushRequests() ? (name, context) -> true : new PushRequestObservations();
	}

	@Bean
	PushMetrics pushMetrics(MeterRegistry registry, WechatAccounts accounts) {
		return new PushMetrics(registry, accounts);
	}

	@Bean
	WechatHandler wechatHandler(WechatAccounts accounts, PushDecoder decoder, EventPublisher publisher,
			PushMetrics metrics, ReceiverProperties properties, Clock clock, RejectionLog rejectionLog,
			MeterRegistry registry, WelcomeReplyProperties welcome) {
		WelcomeReplyChecks.check(welcome, accounts);
		WechatHandler handler = new WechatHandler(accounts, decoder, publisher, metrics,
				new RequestBodies((int) properties.maxBodySize().toBytes(), properties.bodyReadTimeout()), clock,
				properties.maxConcurrentPushes(), properties.requestDeadline(), rejectionLog,
				new WelcomeReplies(welcome.texts(), clock));
		Gauge.builder("wechat.receiver.pushes.in-flight", handler, WechatHandler::pushesInFlight)
			.description("Pushes being read, decoded or published now (at most wechat.receiver.max-concurrent-pushes)")
			.register(registry);
		return handler;
	}

	@Bean
	RouterFunction<ServerResponse> wechatRoutes(WechatHandler handler) {
		return WechatRoutes.of(handler);
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return new KafkaHealthIndicator(kafkaAdmin, Duration.ofSeconds(2));
	}

}
