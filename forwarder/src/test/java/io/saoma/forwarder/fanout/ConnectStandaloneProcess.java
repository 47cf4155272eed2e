package io.saoma.forwarder.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.saoma.testsupport.kafka.JvmCommand;

/**
 * A standalone Kafka Connect worker ({@code ConnectStandalone}, from the Kafka jars on
 * the test classpath) in a child JVM, as an operator would run one: a worker and a
 * connector properties file. A child JVM keeps Connect's Jetty and Jersey away from this
 * JVM's Spring, and is killed by {@link #close()} or, if a test forgets, at JVM exit. Its
 * output goes to {@link #logFile()}.
 */
final class ConnectStandaloneProcess implements AutoCloseable {

	private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");

	private static final String LOGBACK = """
			<configuration>
			  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
				<encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
			  </appender>
			  <logger name="org.apache.kafka.connect.runtime.Connect" level="INFO"/>
			  <logger name="org.apache.kafka.connect.runtime.WorkerSinkTask" level="INFO"/>
			  <root level="WARN"><appender-ref ref="STDOUT"/></root>
			</configuration>
			""";

	private final Process process;

	private final Path logFile;

	private final Thread reaper;

	private ConnectStandaloneProcess(Process process, Path logFile) {
		this.process = process;
		this.logFile = logFile;
		this.reaper = new Thread(process::destroyForcibly, "connect-standalone-reaper");
		Runtime.getRuntime().addShutdownHook(this.reaper);
	}

	/**
	 * Writes the properties files into a directory and launches the worker; it connects
	 * to Kafka and starts the connector in the background.
	 * @param dir where the files and the log go
	 * @param worker the worker's properties
	 * @param connector the connector's properties
	 * @return the running worker
	 */
	static ConnectStandaloneProcess start(Path dir, Map<String, String> worker, Map<String, String> connector) {
		Path workerFile = dir.resolve("worker.properties");
		Path connectorFile = dir.resolve("connector.properties");
		Path logback = dir.resolve("logback.xml");
		Path logFile = dir.resolve("connect.log");
		try {
			Files.writeString(workerFile, properties(worker));
			Files.writeString(connectorFile, properties(connector));
			Files.writeString(logback, LOGBACK);
			List<String> options = new java.util.ArrayList<>(JVM_OPTIONS);
			options.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
			List<String> command = JvmCommand.write(dir.resolve("jvm.args"), options,
					"org.apache.kafka.connect.cli.ConnectStandalone",
					List.of(workerFile.toAbsolutePath().toString(), connectorFile.toAbsolutePath().toString()));
			Process process = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
			return new ConnectStandaloneProcess(process, logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not launch Kafka Connect in " + dir, ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path logFile() {
		return this.logFile;
	}

	/** The worker's log so far, to explain a failure. */
	String log() {
		try {
			return Files.readString(this.logFile);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.reaper);
		}
		catch (IllegalStateException alreadyShuttingDown) {
			// the hook does the same
		}
	}

	/**
	 * Properties file text; backslashes are escaped, as a properties file reads them.
	 */
	private static String properties(Map<String, String> values) {
		return values.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\"))
			.collect(Collectors.joining("\n", "", "\n"));
	}

}
