package io.saoma.loginprocessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * A login processor of an IT on a broker of its own: the topics it reads and writes, the
 * arguments every run needs (free ports, a state directory, account {@code main} of
 * {@link TestEvents#APP_ID}, a WeChat API nobody answers), and its health.
 */
final class LoginProcessorRun implements AutoCloseable {

	static final String REDEEM_API_KEY = "redeem-key-0123456789";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final EmbeddedKraftBroker broker;

	private ConfigurableApplicationContext context;

	private final int port;

	private final String[] arguments;

	private LoginProcessorRun(EmbeddedKraftBroker broker, ConfigurableApplicationContext context, int port,
			String[] arguments) {
		this.broker = broker;
		this.context = context;
		this.port = port;
		this.arguments = arguments;
	}

	/**
	 * Starts a broker with the login processor's topics, and a login processor on it, and
	 * waits until its Kafka Streams run. A stream thread that fails meanwhile does not
	 * fail the wait.
	 * @param applicationId the Kafka Streams application id, also the state directory's
	 * prefix
	 * @param arguments more arguments; one replaces the default of its property
	 * @return the running login processor
	 */
	static LoginProcessorRun start(String applicationId, String... arguments) {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.start();
		createTopics(broker);
		int port = TestSocketUtils.findAvailableTcpPort();
		Map<String, String> byProperty = new LinkedHashMap<>();
		for (String argument : defaults(broker, port, applicationId)) {
			byProperty.put(argument.substring(0, argument.indexOf('=')), argument);
		}
		for (String argument : arguments) {
			byProperty.put(argument.substring(0, argument.indexOf('=')), argument);
		}
		String[] all = byProperty.values().toArray(String[]::new);
		ConfigurableApplicationContext context;
		try {
			context = new SpringApplication(LoginProcessorApplication.class).run(all);
		}
		catch (RuntimeException ex) {
			broker.close();
			throw ex;
		}
		LoginProcessorRun run = new LoginProcessorRun(broker, context, port, all);
		run.awaitRunning();
		return run;
	}

	/**
	 * Stops the application (as a deployment would: gracefully) and starts it again with
	 * the same arguments on the same broker; {@code between} runs while it is down.
	 * @param between what to do while no instance runs
	 */
	void restart(Runnable between) {
		this.context.close();
		between.run();
		this.context = new SpringApplication(LoginProcessorApplication.class).run(this.arguments);
		awaitRunning();
	}

	private void awaitRunning() {
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(60))
			.until(() -> streams().state() == KafkaStreams.State.RUNNING);
	}

	/**
	 * Creates the topics the login processor reads and writes, but those it creates
	 * itself ({@code wechat.login-redemptions}, {@code wechat.login-funnel}).
	 * @param broker the broker
	 */
	static void createTopics(EmbeddedKraftBroker broker) {
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		broker.createCompactedTopic(Topics.Names.QR_TICKETS, 4);
		broker.createCompactedTopic(Topics.Names.LOGIN_STATUS, 4);
		broker.createTopic(Topics.Names.LOGINS, 4);
		broker.createTopic(Topics.Names.LOGIN_PROCESSOR_DLT, 1);
	}

	private static String[] defaults(EmbeddedKraftBroker broker, int port, String applicationId) {
		try {
			return new String[] { "--server.port=" + port, "--management.server.port=0",
					"--login.advertised-host=127.0.0.1",
					"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"--spring.kafka.streams.application-id=" + applicationId,
					"--spring.kafka.streams.state-dir=" + Files.createTempDirectory(applicationId),
					"--spring.kafka.streams.properties.num.standby.replicas=0",
					"--wechat.api.base-url=http://127.0.0.1:9", "--wechat.accounts.main.app-id=" + TestEvents.APP_ID,
					"--wechat.accounts.main.app-secret=secret-of-main", "--login.redeem-api-key=" + REDEEM_API_KEY };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	EmbeddedKraftBroker broker() {
		return this.broker;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int port() {
		return this.port;
	}

	/**
	 * A producer of raw records to the broker, {@code acks=all}.
	 * @return a new producer, for the caller to close
	 */
	KafkaProducer<String, byte[]> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers());
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
	}

	KafkaStreams streams() {
		return this.context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
	}

	/**
	 * The {@code kafkaStreams} component of the actuator's health.
	 * @return its status and details
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> kafkaStreamsHealth() {
		Map<String, Object> health = WebClient
			.create("http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.management.port"))
			.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.bodyToMono(JSON))
			.block(Duration.ofSeconds(10));
		return (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("kafkaStreams");
	}

	@Override
	public void close() {
		this.context.close();
		this.broker.close();
	}

}
