package io.saoma.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.saoma.forwarder.ForwarderApplication;
import io.saoma.localstack.StackPorts;
import io.saoma.localstack.StackSettings;
import io.saoma.localstack.simulator.SimulatorApplication;
import io.saoma.loginprocessor.LoginProcessorApplication;
import io.saoma.receiver.ReceiverApplication;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.KafkaBroker;

/**
 * Starts the services as child JVMs with the local stack's per-service settings
 * ({@link StackSettings}: the demo account, the simulator's WeChat API, the fake
 * Authing), on free loopback ports, against a broker, each with a state directory of its
 * own under {@code target/}.
 */
final class Services {

	static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final StackSettings SETTINGS = StackSettings.simulated();

	private final KafkaBroker broker;

	private final StackPorts ports;

	private final Path stateRoot;

	Services(KafkaBroker broker) {
		this.broker = broker;
		this.ports = new StackPorts(StackPorts.LOOPBACK, ListenPorts.next(), ListenPorts.next(), ListenPorts.next(),
				ListenPorts.next());
		try {
			this.stateRoot = Files.createDirectories(FaultSettings.logDirectory().resolve("state"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Creates the pipeline's topics as the local stack does (3 partitions, compacted
	 * tickets and statuses).
	 */
	void createTopics() {
		this.broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		this.broker.createCompactedTopic(Topics.Names.QR_TICKETS, 3);
		this.broker.createCompactedTopic(Topics.Names.LOGIN_STATUS, 3);
		this.broker.createTopic(Topics.Names.LOGINS, 3);
		this.broker.createTopic(Topics.Names.LOGIN_PROCESSOR_DLT, 1);
		this.broker.createCompactedTopic(Topics.Names.LOGIN_FUNNEL, 3);
		this.broker.createTopic(Topics.Names.FORWARDER_DLT, 1);
	}

	/**
	 * @return the ports of the simulator (page), the receiver and the first login
	 * processor
	 */
	StackPorts ports() {
		return this.ports;
	}

	/**
	 * A forwarder relaying the given accounts to the given events URLs, with retry delays
	 * short enough for a test (first retry after 500 ms, at most 5 s apart) and the
	 * production circuit.
	 * @param name the instance's name
	 * @param eventsUrls events URL per account
	 * @param extra further properties, overriding the above
	 * @return the running forwarder
	 */
	ServiceProcess forwarder(String name, Map<String, String> eventsUrls, Map<String, String> extra) {
		Map<String, String> properties = withKafka(SETTINGS.forwarder(this.ports, state(name)));
		properties.remove("forwarder.accounts.demo.events-url");
		eventsUrls.forEach((account, url) -> properties.put("forwarder.accounts." + account + ".events-url", url));
		properties.put("server.port", Integer.toString(ListenPorts.next()));
		properties.put("forwarder.retry.initial-delay", "500ms");
		properties.put("forwarder.retry.max-delay", "5s");
		properties.put("forwarder.retry.attempts", "30");
		properties.putAll(extra);
		return ServiceProcess.start(name, ForwarderApplication.class, properties, READY_TIMEOUT);
	}

	/**
	 * The simulator: the WeChat API the login processors create QR codes with, and the
	 * phone that scans them.
	 * @return the running simulator
	 */
	ServiceProcess simulator() {
		return ServiceProcess.start("simulator", SimulatorApplication.class, withKafka(SETTINGS.simulator(this.ports)),
				READY_TIMEOUT);
	}

	/**
	 * @return a receiver for the demo account on the stack's receiver port
	 */
	ServiceProcess receiver() {
		return ServiceProcess.start("receiver", ReceiverApplication.class, withKafka(SETTINGS.receiver(this.ports)),
				READY_TIMEOUT);
	}

	/**
	 * A login processor instance on its own API port; the limits that protect the API
	 * from one browser are raised, since every simulated browser comes from 127.0.0.1.
	 * @param name the instance's name (also its state directory)
	 * @param apiPort its API port
	 * @param extra further properties, overriding the above
	 * @return the running instance
	 */
	ServiceProcess loginProcessor(String name, int apiPort, Map<String, String> extra) {
		StackPorts instance = new StackPorts(this.ports.address(), this.ports.page(), this.ports.receiver(), apiPort,
				this.ports.forwarder());
		Map<String, String> properties = withKafka(SETTINGS.loginProcessor(instance, state(name)));
		properties.put("login.limits.client-starts", "100000");
		properties.put("login.limits.account-starts", "100000");
		properties.put("login.limits.max-streams-per-client", "10000");
		properties.put("login.instance-secret", "fault-suite-instance-secret");
		// the product's expiry grace, not the demo's short one: scans delayed by a fault
		// must find their ticket
		// (the scan clock skew stays 0: the simulated phones use this machine's clock)
		properties.remove("login.expiry-grace");
		properties.putAll(extra);
		return ServiceProcess.start(name, LoginProcessorApplication.class, properties, READY_TIMEOUT);
	}

	private Map<String, String> withKafka(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("spring.kafka.bootstrap-servers", this.broker.bootstrapServers());
		return all;
	}

	private Path state(String name) {
		return this.stateRoot.resolve(name + "-" + System.nanoTime());
	}

}
