package io.saoma.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.saoma.testsupport.kafka.JvmCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * One of the services (receiver, login processor, forwarder, or the local stack's
 * simulator) in a child JVM on this JVM's classpath, started from its
 * {@code *Application} main class with Spring Boot arguments, so a test can
 * {@link #kill()} it with SIGKILL as a crash or an OOM kill would, and {@link #restart()}
 * it with the same arguments (ports, state directory). Its management endpoints listen on
 * a port of their own on 127.0.0.1; the child counts as started once
 * {@code /actuator/health} answers 200 (UP). Its stdout and stderr go, appended across
 * restarts, to {@link #logFile()}. A shutdown hook kills it if a test forgets
 * {@link #close()}.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

	private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Small heap, serial GC and C1 only: several services share two cores with the broker
	 * and the test.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final List<String> command;

	private final Path logFile;

	private final int managementPort;

	private final Duration readyTimeout;

	private final Thread reaper;

	private volatile Process process;

	private boolean closed;

	private ServiceProcess(String name, List<String> command, Path logFile, int managementPort, Duration readyTimeout) {
		this.name = name;
		this.command = command;
		this.logFile = logFile;
		this.managementPort = managementPort;
		this.readyTimeout = readyTimeout;
		this.reaper = new Thread(this::killQuietly, "service-process-reaper-" + name);
	}

	/**
	 * Launches a service and returns once its health is UP.
	 * @param name a name for the log file and the test's messages, unique within the run
	 * @param mainClass the service's {@code *Application} class
	 * @param properties Spring Boot properties, passed as {@code --name=value}
	 * @param readyTimeout how long it may take to become UP
	 * @return the running service
	 */
	public static ServiceProcess start(String name, Class<?> mainClass, Map<String, String> properties,
			Duration readyTimeout) {
		Path logs = FaultSettings.logDirectory();
		int managementPort = ListenPorts.next();
		Map<String, String> arguments = new LinkedHashMap<>(properties);
		arguments.put("management.server.port", Integer.toString(managementPort));
		arguments.put("management.server.address", "127.0.0.1");
		arguments.putIfAbsent("logging.level.root", "WARN");
		arguments.putIfAbsent("logging.level.io.saoma", "INFO");
		List<String> args = arguments.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toList();
		List<String> command = JvmCommand.write(logs.resolve(name + ".args"), JVM_OPTIONS, mainClass.getName(), args);
		ServiceProcess service = new ServiceProcess(name, command, logs.resolve(name + ".log"), managementPort,
				readyTimeout);
		Runtime.getRuntime().addShutdownHook(service.reaper);
		service.launchAndAwaitUp();
		return service;
	}

	/**
	 * @return the name given at start
	 */
	public String name() {
		return this.name;
	}

	/**
	 * @return the child's stdout and stderr, appended across restarts
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * @return the process id of the current (or last) incarnation
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * @return whether the current incarnation is alive
	 */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Sends SIGKILL and waits until the process is gone (the OS no longer lists it): no
	 * shutdown hook, no graceful shutdown, no last commit.
	 */
	public synchronized void kill() {
		Process current = this.process;
		long pid = current.pid();
		current.destroyForcibly();
		try {
			if (!current.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						this.name + " (pid " + pid + ") is still alive " + KILL_TIMEOUT + " after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while killing " + this.name, ex);
		}
		if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			throw new IllegalStateException(this.name + " (pid " + pid + ") is still listed as alive after SIGKILL");
		}
		log.info("{} (pid {}) killed with SIGKILL, exit value {}", this.name, pid, current.exitValue());
	}

	/** Sends SIGTERM and waits for a graceful shutdown; SIGKILL after 30 s. */
	public synchronized void stop() {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		current.destroy();
		try {
			if (!current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("{} ignored SIGTERM for {}; killing it", this.name, STOP_TIMEOUT);
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping " + this.name, ex);
		}
	}

	/**
	 * Starts a new incarnation with the same arguments (a live one is killed first) and
	 * waits until it is UP.
	 */
	public synchronized void restart() {
		if (this.process.isAlive()) {
			kill();
		}
		launchAndAwaitUp();
	}

	/**
	 * The service's health as {@code /actuator/health} answers it now.
	 * @return the JSON body, or {@code null} if it did not answer
	 */
	public String health() {
		return health("/actuator/health");
	}

	/**
	 * A management endpoint's answer.
	 * @param path e.g. {@code /actuator/health}
	 * @return the body, whatever the status, or {@code null} if it did not answer
	 */
	public String health(String path) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(managementUri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.body();
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * @param path a management path
	 * @return its URI on the management port
	 */
	public URI managementUri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		killQuietly();
		try {
			Runtime.getRuntime().removeShutdownHook(this.reaper);
		}
		catch (IllegalStateException shuttingDown) {
			// the hook does the same
		}
	}

	private void launchAndAwaitUp() {
		long startedAt = System.nanoTime();
		try {
			Files.createDirectories(this.logFile.getParent());
			Files.writeString(this.logFile,
					System.lineSeparator() + "==== " + this.name + " starting at " + java.time.Instant.now()
							+ System.lineSeparator(),
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not launch " + this.name, ex);
		}
		try {
			await("health of " + this.name + " UP").atMost(this.readyTimeout)
				.pollInterval(Duration.ofMillis(250))
				.failFast("the process of " + this.name + " exited; see " + this.logFile, () -> !this.process.isAlive())
				.until(this::isUp);
		}
		catch (RuntimeException ex) {
			killQuietly();
			throw new IllegalStateException(this.name + " did not become UP; see " + this.logFile, ex);
		}
		log.info("{} UP in {} ms (pid {}, management port {}, log {})", this.name,
				(System.nanoTime() - startedAt) / 1_000_000, this.process.pid(), this.managementPort, this.logFile);
	}

	/**
	 * 200: UP (or, for the forwarder, DEGRADED, which it maps to 200 too); 503: DOWN or
	 * OUT_OF_SERVICE.
	 */
	private boolean isUp() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(managementUri("/actuator/health"))
					.timeout(Duration.ofSeconds(5))
					.GET()
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void killQuietly() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			try {
				current.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
