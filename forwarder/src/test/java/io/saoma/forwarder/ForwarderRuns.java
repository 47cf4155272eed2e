package io.saoma.forwarder;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

/**
 * What the forwarder's integration tests start: the shared broker with
 * {@code wechat.events}, and forwarders relaying to an {@link AuthingStub} with short
 * retries and a quick circuit, on free ports.
 */
final class ForwarderRuns {

	private ForwarderRuns() {
	}

	/**
	 * The shared broker, with {@code wechat.events} (3 partitions) created if missing.
	 * @return the broker
	 */
	static EmbeddedKraftBroker brokerWithEvents() {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		return broker;
	}

	/**
	 * Starts a forwarder with accounts {@code demo} (authing-demo format) and
	 * {@code plain} (verbatim, every push) relaying to the stub.
	 * @param bootstrapServers the broker
	 * @param authing the Authing stand-in
	 * @param extraArgs more arguments; one replaces the default of the same property
	 * @return the running forwarder
	 * @throws IOException if its state directory cannot be made
	 */
	static ConfigurableApplicationContext start(String bootstrapServers, AuthingStub authing, String... extraArgs)
			throws IOException {
		List<String> args = new ArrayList<>(List.of("--server.port=" + TestSocketUtils.findAvailableTcpPort(),
				"--management.server.port=" + TestSocketUtils.findAvailableTcpPort(),
				"--spring.kafka.bootstrap-servers=" + bootstrapServers,
				"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("forwarder"),
				"--forwarder.accounts.demo.events-url=" + authing.eventsUrl("wx-demo"),
				"--forwarder.accounts.plain.events-url=" + authing.eventsUrl("wx-plain") + "?tenant=t1",
				"--forwarder.accounts.plain.format=verbatim", "--forwarder.accounts.plain.events=all",
				"--forwarder.retry.initial-delay=200ms", "--forwarder.retry.max-delay=1s",
				"--forwarder.retry.attempts=30", "--forwarder.circuit.failure-threshold=5",
				"--forwarder.circuit.open-duration=1s", "--forwarder.relay.timeout=2s"));
		Map<String, String> byProperty = new LinkedHashMap<>();
		for (String arg : args) {
			byProperty.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		for (String arg : extraArgs) {
			byProperty.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		return new SpringApplication(ForwarderApplication.class).run(byProperty.values().toArray(String[]::new));
	}

}
