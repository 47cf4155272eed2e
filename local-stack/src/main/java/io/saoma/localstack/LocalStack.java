package io.saoma.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.saoma.forwarder.ForwarderApplication;
import io.saoma.localstack.simulator.SimulatorApplication;
import io.saoma.loginprocessor.LoginProcessorApplication;
import io.saoma.receiver.ReceiverApplication;
import io.saoma.schemas.Topics;
import io.saoma.embeddedkafka.InProcessKraftBroker;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.FileSystemUtils;

/**
 * The whole pipeline on one machine, in one JVM: an in-process KRaft broker with the
 * topics, the receiver, the login processor and the forwarder (each a separate Spring
 * application with its own configuration, as in production), and the simulator
 * application with the WeChat platform simulator, a fake Authing and the login page. What
 * {@code ./run-local.sh} starts; Ctrl-C or SIGTERM stops the applications, then the
 * broker, from a JVM shutdown hook.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalStack.class);

	private final InProcessKraftBroker broker;

	private final Path workDir;

	private final List<ConfigurableApplicationContext> applications;

	private final StackPorts ports;

	private final AtomicBoolean closed = new AtomicBoolean();

	private LocalStack(InProcessKraftBroker broker, Path workDir, List<ConfigurableApplicationContext> applications,
			StackPorts ports) {
		this.broker = broker;
		this.workDir = workDir;
		this.applications = applications;
		this.ports = ports;
	}

	/**
	 * Starts the stack and returns once every application is up and every Kafka Streams
	 * topology runs.
	 * @param ports where to listen
	 * @param settings what to talk to (the simulators, or the real WeChat and Authing)
	 * @return the running stack
	 */
	public static LocalStack start(StackPorts ports, StackSettings settings) {
		InProcessKraftBroker broker = InProcessKraftBroker.start(ports.address());
		List<ConfigurableApplicationContext> applications = new ArrayList<>();
		Path state = null;
		try {
			createTopics(broker);
			Path stateDir = Files.createTempDirectory("saoma-local-stack");
			state = stateDir;
			String kafka = "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers();
			applications.add(run(SimulatorApplication.class, settings.simulator(ports), kafka));
			List<CompletableFuture<ConfigurableApplicationContext>> services = List.of(
					CompletableFuture
						.supplyAsync(() -> run(ReceiverApplication.class, settings.receiver(ports), kafka)),
					CompletableFuture.supplyAsync(() -> run(LoginProcessorApplication.class,
							settings.loginProcessor(ports, stateDir.resolve("login-processor")), kafka)),
					CompletableFuture.supplyAsync(() -> run(ForwarderApplication.class,
							settings.forwarder(ports, stateDir.resolve("forwarder")), kafka)));
			services.forEach((service) -> applications.add(service.join()));
			LocalStack stack = new LocalStack(broker, state, applications, ports);
			stack.awaitStreamsRunning(Duration.ofSeconds(60));
			return stack;
		}
		catch (Exception ex) {
			new LocalStack(broker, state, applications, ports).close();
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
	}

	/**
	 * The login page.
	 * @return its URL
	 */
	public String loginPageUrl() {
		return this.ports.url(this.ports.page()) + "/";
	}

	/**
	 * The ports in use.
	 * @return the ports
	 */
	public StackPorts ports() {
		return this.ports;
	}

	/**
	 * Where each service serves its actuator (health, {@code /actuator/prometheus}), by
	 * application name ({@code saoma-receiver}, {@code saoma-login-processor},
	 * {@code saoma-forwarder}): the receiver's and the login processor's management ports
	 * are free ports that only the running applications know.
	 * @return base URLs such as {@code http://127.0.0.1:<port>}
	 */
	public Map<String, String> managementUrls() {
		Map<String, String> urls = new LinkedHashMap<>();
		for (ConfigurableApplicationContext application : this.applications) {
			// the simulator has no management port of its own (its actuator, if any, is
			// on
			// its application port)
			String port = application.getEnvironment().getProperty("local.management.port");
			if (port != null && application.getEnvironment().containsProperty("management.server.port")) {
				String address = application.getEnvironment()
					.getProperty("management.server.address", StackPorts.LOOPBACK);
				String host = (address.equals("0.0.0.0") || address.startsWith("0:0:0:0")) ? StackPorts.LOOPBACK
						: address;
				urls.put(application.getEnvironment().getProperty("spring.application.name"),
						"http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
			}
		}
		return urls;
	}

	/**
	 * The broker's address.
	 * @return {@code bootstrap.servers}
	 */
	public String bootstrapServers() {
		return this.broker.bootstrapServers();
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (int i = this.applications.size() - 1; i >= 0; i--) {
			this.applications.get(i).close();
		}
		this.broker.close();
		if (this.workDir != null) {
			deleteWorkDir(this.workDir);
		}
	}

	private static void deleteWorkDir(Path workDir) {
		try {
			FileSystemUtils.deleteRecursively(workDir);
		}
		catch (IOException ex) {
			logger.warn("Could not delete the local stack's work directory {}: {}", workDir, ex.toString());
		}
	}

	private void awaitStreamsRunning(Duration timeout) {
		for (ConfigurableApplicationContext application : this.applications) {
			for (StreamsBuilderFactoryBean streams : application.getBeansOfType(StreamsBuilderFactoryBean.class)
				.values()) {
				Flux.interval(Duration.ZERO, Duration.ofMillis(100))
					.filter((tick) -> streams.getKafkaStreams() != null
							&& streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING)
					.next()
					.timeout(timeout,
							Mono.error(() -> new IllegalStateException(
									"Kafka Streams of " + application.getId() + " is not running after " + timeout)))
					.block();
			}
		}
	}

	/**
	 * Closes the stack as the JVM shuts down (Ctrl-C, SIGTERM). A failure is printed,
	 * since the applications' logging may be shut down by then.
	 */
	private static void stop(LocalStack stack) {
		logger.info("Stopping the local stack (JVM shutdown)");
		try {
			stack.close();
		}
		catch (RuntimeException ex) {
			System.err.println("The local stack did not stop cleanly: " + ex);
			ex.printStackTrace();
		}
	}

	private static ConfigurableApplicationContext run(Class<?> application, Map<String, String> properties,
			String kafka) {
		List<String> args = new ArrayList<>();
		args.add(kafka);
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		SpringApplication spring = new SpringApplication(application);
		spring.setRegisterShutdownHook(false);
		return spring.run(args.toArray(String[]::new));
	}

	private static void createTopics(InProcessKraftBroker broker) {
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		broker.createCompactedTopic(Topics.Names.QR_TICKETS, 3);
		broker.createCompactedTopic(Topics.Names.LOGIN_STATUS, 3);
		broker.createTopic(Topics.Names.LOGIN_REDEMPTIONS, 3);
		broker.createTopic(Topics.Names.LOGINS, 3);
		broker.createTopic(Topics.Names.LOGIN_PROCESSOR_DLT, 1);
		broker.createCompactedTopic(Topics.Names.LOGIN_FUNNEL, 3);
	}

	/**
	 * Starts the stack on the standard ports (login page on 8080) on loopback, or on free
	 * ports with {@code --free-ports}, or on another address with
	 * {@code --bind-address=<ip>} ({@code 0.0.0.0}: every interface).
	 * @param args the options
	 */
	public static void main(String[] args) {
		long started = System.nanoTime();
		StackOptions options;
		try {
			options = StackOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(StackOptions.USAGE);
			System.exit(2);
			return;
		}
		StackPorts ports = options.ports();
		LocalStack stack = start(ports, StackSettings.fromEnvironment(System.getenv()));
		// The applications run without Boot's shutdown hook (the stack closes them in
		// order: applications, then the broker), so nothing else stops them or logging
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack), "local-stack-stop"));
		logger.info("""

				saoma local stack is ready in {} s, listening on {}
				  Login page and WeChat simulator   {}/
				  Receiver (WeChat server URL)      {}/wechat/{}
				  Login API                         {}/api/qr-logins
				  Forwarder (dead-letter re-drive)  {}/actuator/relaydlt
				  Kafka                             {}
				Press Ctrl-C to stop.
				""", String.format("%.1f", (System.nanoTime() - started) / 1e9), ports.address(),
				ports.url(ports.page()), ports.url(ports.receiver()), DemoAccount.ID, ports.url(ports.loginProcessor()),
				ports.url(ports.forwarder()), stack.bootstrapServers());
	}

}
