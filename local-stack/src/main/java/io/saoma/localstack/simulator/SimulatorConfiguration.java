package io.saoma.localstack.simulator;

import java.time.Clock;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Wires the simulators and the page's API.
 */
@Configuration(proxyBeanMethods = false)
class SimulatorConfiguration {

	private static final Resource FAVICON = new ClassPathResource("localstack-ui/favicon.svg");

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	WechatPlatform wechatPlatform(Clock clock) {
		return new WechatPlatform(clock);
	}

	@Bean
	FakeAuthing fakeAuthing(Clock clock) {
		return new FakeAuthing(clock);
	}

	@Bean
	ChatInbox chatInbox(Clock clock) {
		return new ChatInbox(clock);
	}

	@Bean
	TopicWatcher topicWatcher(KafkaProperties kafka) {
		return new TopicWatcher(String.join(",", kafka.getBootstrapServers()));
	}

	/**
	 * Pushes as WeChat does, through Boot's {@link WebClient.Builder} (observed as
	 * {@code http.client.requests}).
	 * @param properties where the receiver is, how long WeChat waits and retries
	 * @param clock the clock
	 * @param webClientBuilder Boot's builder
	 * @param chatInbox where passive replies land
	 * @return the sender
	 */
	@Bean
	PushSender pushSender(SimulatorProperties properties, Clock clock, WebClient.Builder webClientBuilder,
			ChatInbox chatInbox) {
		return new PushSender(webClientBuilder.build(), properties, clock, chatInbox);
	}

	/**
	 * The simulator's handler; it calls the login API (the demo site's redemption)
	 * through Boot's {@link WebClient.Builder} (observed as
	 * {@code http.client.requests}).
	 * @param platform the WeChat platform simulator
	 * @param pushes the push sender
	 * @param authing the fake Authing
	 * @param topics the topic view
	 * @param properties where the login API is
	 * @param clock the clock
	 * @param webClientBuilder Boot's builder
	 * @return the handler
	 */
	@Bean
	SimulatorHandler simulatorHandler(WechatPlatform platform, PushSender pushes, FakeAuthing authing,
			TopicWatcher topics, SimulatorProperties properties, Clock clock, WebClient.Builder webClientBuilder) {
		WebClient loginApi = webClientBuilder.baseUrl(properties.loginApiUrl().toString()).build();
		return new SimulatorHandler(platform, pushes, authing, topics, loginApi, properties, clock);
	}

	@Bean
	RouterFunction<ServerResponse> simulatorRoutes(WechatPlatform platform, FakeAuthing authing,
			SimulatorHandler handler, SimulatorProperties properties, ChatInbox chatInbox) {
		WechatApiHandler wechat = new WechatApiHandler(platform, properties.openPlatformBound());
		CustomServiceApi customService = new CustomServiceApi(platform, chatInbox);
		return RouterFunctions.route()
			.POST("/sim/wechat/cgi-bin/stable_token", wechat::stableToken)
			.GET("/sim/wechat/cgi-bin/token", wechat::token)
			.POST("/sim/wechat/cgi-bin/qrcode/create", wechat::createQrCode)
			.GET("/sim/wechat/cgi-bin/showqrcode", wechat::showQrCode)
			.GET("/sim/wechat/cgi-bin/user/info", wechat::userInfo)
			.POST("/sim/wechat/cgi-bin/message/custom/send", customService::send)
			.GET("/sim/api/chat", chatInbox::chat)
			.POST("/sim/authing/connections/social/{identifier}/{userPool}/events", authing::receive)
			.GET("/sim/api/config", handler::config)
			.POST("/sim/api/scan", handler::scan)
			.GET("/sim/api/authing", handler::authing)
			.GET("/sim/api/login-funnel", handler::loginFunnel)
			.GET("/sim/api/topics", handler::topics)
			.POST("/demo/session", handler::signIn)
			.GET("/favicon.ico",
					(request) -> ServerResponse.ok().contentType(MediaType.valueOf("image/svg+xml")).bodyValue(FAVICON))
			.build();
	}

}
