package io.saoma.loginprocessor;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.KafkaTemplates;
import io.saoma.loginprocessor.api.BrowserCors;
import io.saoma.loginprocessor.api.ClientAddresses;
import io.saoma.loginprocessor.api.LoginApiGuard;
import io.saoma.loginprocessor.api.LoginLimits;
import io.saoma.loginprocessor.api.LoginServerLimits;
import io.saoma.loginprocessor.api.LoginStarter;
import io.saoma.loginprocessor.api.OwnerProxy;
import io.saoma.loginprocessor.api.QrLoginHandler;
import io.saoma.loginprocessor.api.QrLoginRoutes;
import io.saoma.loginprocessor.api.Redemptions;
import io.saoma.loginprocessor.api.StatusStore;
import io.saoma.loginprocessor.api.StatusStreams;
import io.saoma.loginprocessor.api.StatusUpdates;
import io.saoma.loginprocessor.api.WidgetAssets;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.config.RedeemProperties;
import io.saoma.loginprocessor.config.RedemptionsTopicCheck;
import io.saoma.loginprocessor.config.StatusStreamProperties;
import io.saoma.loginprocessor.profile.Profiles;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the login API: starting logins, status and its stream, redemption, and passing
 * requests on to the instance that owns a login.
 */
@Configuration(proxyBeanMethods = false)
class LoginApiConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ProducerFactory<String, Object> loginProducerFactory(KafkaProperties kafka, MeterRegistry registry) {
		Map<Class<?>, Serializer<?>> serializers = Map.of(QrTicket.class, AvroSerdes.qrTicket().serializer(),
				LoginStatus.class, AvroSerdes.loginStatus().serializer(), RedemptionRequest.class,
				AvroSerdes.redemptionRequest().serializer());
		return KafkaTemplates.instrumentedProducerFactory(kafka.buildProducerProperties(), new StringSerializer(),
				new DelegatingByTypeSerializer(serializers), registry);
	}

	@Bean
	KafkaTemplate<String, Object> loginTemplate(ProducerFactory<String, Object> loginProducerFactory) {
		return KafkaTemplates.withoutContentInLogs(loginProducerFactory);
	}

	@Bean
	LoginServerLimits loginServerLimits(LoginProperties properties, MeterRegistry registry) {
		return new LoginServerLimits(properties.limits().headerTimeout(), registry);
	}

	@Bean(destroyMethod = "shutdown")
	ExecutorService kafkaSendExecutor() {
		return Executors.newFixedThreadPool(2, new CustomizableThreadFactory("kafka-send-"));
	}

	@Bean
	AcknowledgedSends<String, Object> loginSends(KafkaTemplate<String, Object> loginTemplate,
			ExecutorService kafkaSendExecutor) {
		return new AcknowledgedSends<>(loginTemplate, Duration.ofSeconds(5), kafkaSendExecutor);
	}

	@Bean
	ClientAddresses clientAddresses(LoginProperties properties) {
		return new ClientAddresses(properties.limits().clientAddressHeader(), properties.instanceSecret());
	}

	@Bean
	LoginLimits loginLimits(LoginProperties properties) {
		return new LoginLimits(properties.limits());
	}

	@Bean
	LoginApiGuard loginApiGuard(LoginLimits loginLimits, ClientAddresses clientAddresses) {
		return new LoginApiGuard(loginLimits, clientAddresses);
	}

	/**
	 * Ensures {@code wechat.login-redemptions}, co-partitioned with
	 * {@code wechat.login-status}, just before Kafka Streams starts.
	 * @param kafkaAdmin the admin settings
	 * @param streams Kafka Streams, to start before it
	 * @return the check
	 */
	@Bean
	RedemptionsTopicCheck redemptionsTopicCheck(KafkaAdmin kafkaAdmin, StreamsBuilderFactoryBean streams) {
		return new RedemptionsTopicCheck(kafkaAdmin, streams.getPhase());
	}

	@Bean
	Redemptions redemptions(StatusStore store, StatusUpdates updates, AcknowledgedSends<String, Object> loginSends,
			Clock clock, RedeemProperties redeemProperties, MeterRegistry registry, Profiles profiles) {
		return new Redemptions(store, updates, loginSends, clock, redeemProperties, registry, profiles);
	}

	@Bean
	QrLoginHandler qrLoginHandler(LoginStarter starter, StatusStore store, StatusUpdates updates,
			Redemptions redemptions, LoginProperties properties, Clock clock, LoginLimits loginLimits,
			ClientAddresses clientAddresses, StatusStreamProperties streamProperties,
			WebClient.Builder webClientBuilder) {
		if (streamProperties.heartbeat().compareTo(properties.forward().responseTimeout()) >= 0) {
			throw new InvalidConfigurationException(
					"login.status-stream.heartbeat", "must be shorter than login.forward.response-timeout ("
							+ properties.forward().responseTimeout() + ")",
					"A passed-on stream silent for longer than the response timeout is cut.");
		}
		OwnerProxy proxy = new OwnerProxy(OwnerProxy.webClient(webClientBuilder, properties.forward()), clientAddresses,
				properties.forward().connectTimeout().plus(streamProperties.ownerCheckInterval()));
		StatusStreams streams = new StatusStreams(store, updates, properties.statusWait(), clock, proxy,
				streamProperties);
		return new QrLoginHandler(starter, store, streams, redemptions, proxy, properties, loginLimits, clientAddresses,
				clock);
	}

	@Bean
	CorsWebFilter browserCors(LoginProperties properties) {
		return BrowserCors.filter(properties.corsAllowedOrigins());
	}

	@Bean
	RouterFunction<ServerResponse> qrLoginRoutes(QrLoginHandler handler, LoginProperties properties) {
		return QrLoginRoutes.of(handler, properties.redeemApiKey());
	}

	/**
	 * The login widget's script and stylesheet, from the same origin as the API.
	 * @return the routes of {@code /widget/}
	 */
	@Bean
	RouterFunction<ServerResponse> widgetRoutes() {
		return WidgetAssets.routes();
	}

}
