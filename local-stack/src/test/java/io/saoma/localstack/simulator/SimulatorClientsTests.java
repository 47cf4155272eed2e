package io.saoma.localstack.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's HTTP clients (pushes to the receiver, the demo site's redemption at the
 * login API) are built from Boot's {@code WebClient.Builder}, so Boot's customizers
 * (observations, {@code http.client.requests}) apply to them.
 */
class SimulatorClientsTests {

	private static final String CUSTOMIZED = "X-Customized-By";

	private final MockWebServer receiver = new MockWebServer();

	private final MockWebServer loginApi = new MockWebServer();

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() throws IOException {
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
		this.loginApi.start(InetAddress.getByName("127.0.0.1"), 0);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class))
			.withUserConfiguration(SimulatorConfiguration.class, TestBeans.class)
			.withPropertyValues("simulator.receiver-url=http://127.0.0.1:" + this.receiver.getPort() + "/wechat/demo",
					"simulator.login-api-url=http://127.0.0.1:" + this.loginApi.getPort(),
					"simulator.redeem-api-key=key", "simulator.push-timeout=5s");
	}

	@AfterEach
	void stop() {
		this.receiver.close();
		this.loginApi.close();
	}

	@Test
	void shouldPushThroughBootsWebClientBuilder() {
		this.receiver.enqueue(new MockResponse.Builder().body("success").build());
		this.runner.run((context) -> {
			List<String> answers = context.getBean(PushSender.class)
				.push("o-user", "<xml><MsgType>text</MsgType></xml>")
				.block(Duration.ofSeconds(10));
			assertThat(answers).containsExactly("success");
			RecordedRequest push = this.receiver.takeRequest(5, TimeUnit.SECONDS);
			assertThat(push).isNotNull();
			assertThat(push.getHeaders().get(CUSTOMIZED)).isEqualTo("boot");
		});
	}

	@Test
	void shouldCallTheLoginApiThroughBootsWebClientBuilder() {
		this.loginApi.enqueue(new MockResponse.Builder().code(401)
			.addHeader("Content-Type", "application/json")
			.body("{\"error\":\"unauthorized\"}")
			.build());
		this.runner.run((context) -> {
			ServerResponse response = context.getBean(SimulatorHandler.class)
				.signIn(MockServerRequest.builder().body(Mono.just(Map.of("code", "c"))))
				.block(Duration.ofSeconds(10));
			assertThat(response.statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			RecordedRequest redeem = this.loginApi.takeRequest(5, TimeUnit.SECONDS);
			assertThat(redeem).isNotNull();
			assertThat(redeem.getUrl().encodedPath()).isEqualTo("/api/qr-logins/redeem");
			assertThat(redeem.getHeaders().get(CUSTOMIZED)).isEqualTo("boot");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SimulatorProperties.class)
	static class TestBeans {

		@Bean
		KafkaProperties kafkaProperties() {
			KafkaProperties kafka = new KafkaProperties();
			kafka.setBootstrapServers(List.of("127.0.0.1:9"));
			return kafka;
		}

		@Bean
		WebClientCustomizer marksItsClients() {
			return (builder) -> builder.defaultHeader(CUSTOMIZED, "boot");
		}

	}

}
