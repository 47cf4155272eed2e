package io.saoma.receiver;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.common.KafkaTemplates;
import io.saoma.receiver.config.ReceiverProperties;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.config.WechatProperties;
import io.saoma.receiver.health.KafkaHealthIndicator;
import io.saoma.receiver.metrics.PushMetrics;
import io.saoma.receiver.publish.EventPublisher;
import io.saoma.receiver.publish.KafkaEventPublisher;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.web.RequestBodies;
import io.saoma.receiver.web.WechatHandler;
import io.saoma.receiver.web.WechatRoutes;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
 * Wires the receiver: validated accounts, the decoder, the Kafka producer (from {@code spring.kafka.*}) with the Avro
 * serde, the handler and its routes, metrics and the Kafka health check.
 */
@Configuration(proxyBeanMethods = false)
class ReceiverConfiguration {

	/** Threads calling {@code send}: it only blocks while metadata or buffer space is missing. */
	private static final int SEND_THREADS = 4;

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	WechatAccounts wechatAccounts(WechatProperties properties) {
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

	@Bean(destroyMethod = "shutdown")
	ExecutorService kafkaSendExecutor() {
		return Executors.newFixedThreadPool(SEND_THREADS, new CustomizableThreadFactory("kafka-send-"));
	}

	@Bean
	EventPublisher eventPublisher(KafkaTemplate<String, WechatEvent> template, ReceiverProperties properties,
			ExecutorService kafkaSendExecutor) {
		return new KafkaEventPublisher(new AcknowledgedSends<>(template, properties.publishTimeout(), kafkaSendExecutor));
	}

	@Bean
	PushMetrics pushMetrics(MeterRegistry registry, WechatAccounts accounts) {
		return new PushMetrics(registry, accounts);
	}

	@Bean
	WechatHandler wechatHandler(WechatAccounts accounts, PushDecoder decoder, EventPublisher publisher,
			PushMetrics metrics, ReceiverProperties properties, Clock clock) {
		return new WechatHandler(accounts, decoder, publisher, metrics,
				new RequestBodies((int) properties.maxBodySize().toBytes()), clock);
	}

	@Bean
	RouterFunction<ServerResponse> wechatRoutes(WechatHandler handler) {
		return WechatRoutes.of(handler);
	}

	@Bean(destroyMethod = "close")
	Admin kafkaHealthAdmin(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(Admin kafkaHealthAdmin) {
		return new KafkaHealthIndicator(kafkaHealthAdmin, Duration.ofSeconds(2));
	}

}
