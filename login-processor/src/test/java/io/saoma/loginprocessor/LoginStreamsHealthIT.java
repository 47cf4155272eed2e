package io.saoma.loginprocessor;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.QrTicket;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream thread that keeps dying turns the health DOWN: the login processor runs with a
 * producer that can send no result ({@code max.request.size} below any status record), so
 * every attempt at a ticket fails the stream thread, which is replaced and fails again on
 * the same record, while Kafka Streams itself stays RUNNING. The threshold is 0 here, so
 * the first failure shows (the recovery once failures stop is
 * {@code StreamsHealthIndicatorTests}').
 */
class LoginStreamsHealthIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static EmbeddedKraftBroker broker;

	private static ConfigurableApplicationContext processor;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		// a broker of its own: records other tests left on the shared one would fail the
		// threads before the test
		broker = EmbeddedKraftBroker.start();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		broker.createCompactedTopic(Topics.Names.QR_TICKETS, 4);
		broker.createCompactedTopic(Topics.Names.LOGIN_STATUS, 4);
		broker.createTopic(Topics.Names.LOGINS, 4);
		broker.createTopic(Topics.Names.LOGIN_PROCESSOR_DLT, 1);
		port = TestSocketUtils.findAvailableTcpPort();
		processor = new SpringApplication(LoginProcessorApplication.class).run("--server.port=" + port,
				"--management.server.port=0", "--login.advertised-host=127.0.0.1",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.kafka.streams.application-id=login-streams-health-it",
				"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("login-streams-health-it"),
				"--spring.kafka.streams.properties.num.standby.replicas=0",
				"--spring.kafka.streams.properties.producer.max.request.size=64",
				"--saoma.streams.health.max-thread-failures=0", "--saoma.streams.health.thread-failure-window=10m",
				"--wechat.api.base-url=http://127.0.0.1:9", "--wechat.accounts.main.app-id=wx0123456789abcdef",
				"--wechat.accounts.main.app-secret=secret-of-main", "--login.redeem-api-key=redeem-key-0123456789");
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(60))
			.until(() -> processor.getBean(StreamsBuilderFactoryBean.class)
				.getKafkaStreams()
				.state() == KafkaStreams.State.RUNNING);
	}

	@AfterAll
	static void stop() {
		if (processor != null) {
			processor.close();
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void shouldTurnDownWhileStreamThreadsKeepFailing() {
		assertThat(kafkaStreamsHealth()).containsEntry("status", "UP");
		String ticket = "TICKET-" + Long.toHexString(System.nanoTime());
		QrTicket pending = new QrTicket("login-" + ticket, "main", "wx0123456789abcdef", "scene-" + ticket, ticket,
				"http://weixin.qq.com/q/" + ticket, Instant.now(), Instant.now().plusSeconds(300), null);
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, ticket, AvroSerdes.qrTicket().encode(pending)));
		}

		// the failing stream threads are the point: their exceptions must not fail the
		// wait
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(120))
			.until(() -> "DOWN".equals(kafkaStreamsHealth().get("status")));
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) kafkaStreamsHealth().get("details");
		assertThat((String) details.get("reason")).startsWith("stream threads keep failing");
		assertThat((Integer) details.get("threadFailures")).isGreaterThanOrEqualTo(1);
		assertThat(details).containsKey("lastThreadFailure");
		assertThat(
				processor.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams().state().isRunningOrRebalancing())
			.isTrue();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> kafkaStreamsHealth() {
		Map<String, Object> health = WebClient
			.create("http://127.0.0.1:" + processor.getEnvironment().getProperty("local.management.port"))
			.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.bodyToMono(JSON))
			.block(Duration.ofSeconds(10));
		return (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("kafkaStreams");
	}

}
