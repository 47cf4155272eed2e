package io.saoma.loginprocessor;

import java.time.Clock;

import io.saoma.loginprocessor.api.ClientAddresses;
import io.saoma.loginprocessor.api.FunnelHandler;
import io.saoma.loginprocessor.api.FunnelRoutes;
import io.saoma.loginprocessor.api.FunnelStore;
import io.saoma.loginprocessor.api.OwnerProxy;
import io.saoma.loginprocessor.config.FunnelProperties;
import io.saoma.loginprocessor.config.FunnelTopic;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.wechat.WechatClients;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the funnel API, {@code GET /api/login-funnel}: the queries of the funnel's window
 * stores, passed on to the instance that owns an account like a login's status.
 */
@Configuration(proxyBeanMethods = false)
class FunnelApiConfiguration {

	/**
	 * Ensures {@code wechat.login-funnel} just before Kafka Streams starts.
	 * @param kafkaAdmin the admin settings
	 * @param streams Kafka Streams, to start before it
	 * @return the check
	 */
	@Bean
	FunnelTopic funnelTopic(KafkaAdmin kafkaAdmin, StreamsBuilderFactoryBean streams) {
		return new FunnelTopic(kafkaAdmin, streams.getPhase());
	}

	@Bean
	FunnelStore funnelStore(KafkaStreamsInteractiveQueryService statusQueries, StreamsBuilderFactoryBean streams,
			FunnelProperties properties) {
		String server = streams.getStreamsConfiguration().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
		return new FunnelStore(statusQueries, HostInfo.buildFromEndpoint(server), properties.settings());
	}

	@Bean
	FunnelHandler funnelHandler(FunnelStore funnelStore, WechatClients wechatClients, LoginProperties properties,
			ClientAddresses clientAddresses, Clock clock, WebClient.Builder webClientBuilder) {
		OwnerProxy proxy = new OwnerProxy(OwnerProxy.webClient(webClientBuilder, properties.forward()),
				clientAddresses);
		return new FunnelHandler(funnelStore, proxy, wechatClients.accounts(), clock);
	}

	@Bean
	RouterFunction<ServerResponse> funnelRoutes(FunnelHandler funnelHandler, FunnelProperties properties) {
		return FunnelRoutes.of(funnelHandler, properties.apiKey());
	}

}
