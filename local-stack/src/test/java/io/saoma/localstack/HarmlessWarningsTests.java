package io.saoma.localstack;

import java.net.URL;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.LocationAwareLogger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person sees on the console of {@code ./run-local.sh}: the warnings every start
 * and stop logs although nothing is wrong are gone, while a real warning of the same
 * Kafka class, and any error, still shows. Each case goes through a real logback
 * {@link LoggerContext}, both the way Kafka's own loggers log (the message already
 * formatted, no arguments) and the way SLF4J callers do (a format and its arguments).
 */
class HarmlessWarningsTests {

	private static final String QUORUM_CONTROLLER = "org.apache.kafka.controller.QuorumController";

	private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

	private static final String STATE_DIRECTORY = "org.apache.kafka.streams.processor.internals.StateDirectory";

	private static final String ACTIVATION = "Performing controller activation. The metadata log appears to be empty."
			+ " Appending 1 bootstrap record(s) in metadata transaction at metadata.version 4.1-IV1 from bootstrap source"
			+ " 'the binary bootstrap metadata file: /tmp/kafka-broker-1/data/bootstrap.checkpoint'.";

	private static final String REPARTITION_NOT_YET_CREATED = "[Consumer clientId=login-processor-StreamThread-1-consumer,"
			+ " groupId=login-processor] The metadata response from the cluster reported a recoverable issue with"
			+ " correlation id 9 : {login-processor-scans-by-ticket-repartition=UNKNOWN_TOPIC_OR_PARTITION}";

	private static final String OS_TEMP_STATE_DIR = "Using an OS temp directory in the state.dir property can cause"
			+ " failures with writing the checkpoint file due to the fact that this directory can be cleared by the OS."
			+ " Resolved state.dir: [/tmp/saoma-local-stack123/forwarder]";

	private static final String CLOSED_TWICE = "[AdminClient clientId=adminclient-1] Attempting to close NetworkClient"
			+ " that has already been closed.";

	private final LoggerContext context = new LoggerContext();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	HarmlessWarningsTests() {
		this.context.start();
		HarmlessWarnings filter = new HarmlessWarnings();
		filter.setContext(this.context);
		filter.start();
		this.context.addTurboFilter(filter);
		attachAppender();
	}

	@AfterEach
	void stopContext() {
		this.context.stop();
	}

	@Test
	void shouldDropEachHarmlessWarningAsKafkaLogsIt() {
		kafkaWarn(QUORUM_CONTROLLER, ACTIVATION);
		kafkaWarn(NETWORK_CLIENT, REPARTITION_NOT_YET_CREATED);
		kafkaWarn(STATE_DIRECTORY, OS_TEMP_STATE_DIR);
		kafkaWarn(NETWORK_CLIENT, CLOSED_TWICE);
		assertThat(logged()).isEmpty();
	}

	@Test
	void shouldDropEachHarmlessWarningLoggedAsAFormatWithArguments() {
		logger(QUORUM_CONTROLLER).warn("Performing controller activation. {}", "The metadata log appears to be empty.");
		logger(NETWORK_CLIENT).warn(
				"[Consumer clientId={}, groupId={}] The metadata response from the cluster reported a recoverable issue"
						+ " with correlation id {} : {}",
				"login-processor-StreamThread-1-consumer", "login-processor", 9,
				Map.of("login-processor-scans-by-ticket-repartition", "UNKNOWN_TOPIC_OR_PARTITION"));
		logger(STATE_DIRECTORY).warn("Using an OS temp directory in the state.dir property can cause failures. "
				+ "Resolved state.dir: [{}]", "/tmp/saoma-local-stack123/forwarder");
		logger(NETWORK_CLIENT).warn("[{}] Attempting to close NetworkClient that has already been closed.",
				"AdminClient clientId=adminclient-1");
		assertThat(logged()).isEmpty();
	}

	@Test
	void shouldPassOtherWarningsOfTheSameLoggers() {
		String missingTopic = "[Producer clientId=receiver-1] The metadata response from the cluster reported a"
				+ " recoverable issue with correlation id 4 : {wechat.events=UNKNOWN_TOPIC_OR_PARTITION}";
		String repartitionWithoutLeader = "[Consumer clientId=forwarder-1] The metadata response from the cluster"
				+ " reported a recoverable issue with correlation id 5 : {forwarder-x-repartition=LEADER_NOT_AVAILABLE}";
		String disconnected = "[AdminClient clientId=adminclient-1] Connection to node 1 (/127.0.0.1:9092) could not be"
				+ " established. Node may not be available.";
		String lockFailed = "Failed to lock the state directory for task 0_1";
		String controllerFenced = "Fencing broker 1 because its session has timed out.";
		kafkaWarn(NETWORK_CLIENT, missingTopic);
		kafkaWarn(NETWORK_CLIENT, repartitionWithoutLeader);
		kafkaWarn(NETWORK_CLIENT, disconnected);
		kafkaWarn(STATE_DIRECTORY, lockFailed);
		kafkaWarn(QUORUM_CONTROLLER, controllerFenced);
		logger(NETWORK_CLIENT).warn(
				"The metadata response from the cluster reported a recoverable issue with" + " correlation id {} : {}",
				6, Map.of("wechat.events", "UNKNOWN_TOPIC_OR_PARTITION"));
		assertThat(logged()).containsExactly(missingTopic, repartitionWithoutLeader, disconnected, lockFailed,
				controllerFenced, "The metadata response from the cluster reported a recoverable issue with"
						+ " correlation id 6 : {wechat.events=UNKNOWN_TOPIC_OR_PARTITION}");
	}

	@Test
	void shouldPassTheHarmlessTextFromAnotherLogger() {
		kafkaWarn("io.saoma.loginprocessor.LoginStreamsConfiguration", CLOSED_TWICE);
		kafkaWarn("org.apache.kafka.clients.NetworkClientUtils", CLOSED_TWICE);
		assertThat(logged()).containsExactly(CLOSED_TWICE, CLOSED_TWICE);
	}

	@Test
	void shouldPassTheHarmlessTextsAsErrors() {
		logger(QUORUM_CONTROLLER).error(ACTIVATION);
		logger(NETWORK_CLIENT).error(REPARTITION_NOT_YET_CREATED);
		logger(STATE_DIRECTORY).error(OS_TEMP_STATE_DIR, new IllegalStateException("boom"));
		kafkaLog(NETWORK_CLIENT, LocationAwareLogger.ERROR_INT, CLOSED_TWICE);
		assertThat(logged()).containsExactly(ACTIVATION, REPARTITION_NOT_YET_CREATED, OS_TEMP_STATE_DIR, CLOSED_TWICE);
		assertThat(this.appender.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.ERROR);
	}

	@Test
	void shouldBeInstalledByTheLocalStacksLogbackConfiguration() throws Exception {
		URL configuration = getClass().getResource("/logback.xml");
		assertThat(configuration).as("local-stack's logback.xml").isNotNull();
		this.context.reset();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(this.context);
		configurator.doConfigure(configuration);
		assertThat(this.context.getTurboFilterList()).hasExactlyElementsOfTypes(HarmlessWarnings.class);
		this.appender.list.clear();
		attachAppender();
		kafkaWarn(QUORUM_CONTROLLER, ACTIVATION);
		kafkaWarn(NETWORK_CLIENT, CLOSED_TWICE);
		kafkaWarn(NETWORK_CLIENT, "Connection to node 1 (/127.0.0.1:9092) could not be established.");
		assertThat(logged()).containsExactly("Connection to node 1 (/127.0.0.1:9092) could not be established.");
	}

	private void attachAppender() {
		this.appender.setContext(this.context);
		this.appender.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
	}

	private Logger logger(String name) {
		return this.context.getLogger(name);
	}

	/**
	 * Logs as Kafka's {@code LogContext} loggers do: through {@link LocationAwareLogger},
	 * the message formatted before.
	 */
	private void kafkaWarn(String loggerName, String message) {
		kafkaLog(loggerName, LocationAwareLogger.WARN_INT, message);
	}

	private void kafkaLog(String loggerName, int level, String message) {
		logger(loggerName).log(null, "org.apache.kafka.common.utils.LogContext$LocationAwareKafkaLogger", level,
				message, null, null);
	}

	private List<String> logged() {
		return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
