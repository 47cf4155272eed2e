package io.saoma.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.saoma.embeddedkafka.BrokerReadiness;
import io.saoma.embeddedkafka.BrokerWorkDir;
import io.saoma.embeddedkafka.KraftServerProperties;
import io.saoma.embeddedkafka.StorageFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.test.util.TestSocketUtils;

/**
 * A single-node KRaft broker in a separate JVM, so fault tests can SIGKILL it
 * ({@link #kill()}), stop it gracefully ({@link #stop()}) and {@link #restart()} it on
 * the same ports with the same data directory, as a crashed production broker would come
 * back. Records and committed offsets survive a kill because they are in the data
 * directory. The child runs {@code kafka.Kafka} on this JVM's classpath, logs at WARN
 * into {@link #logFile()}, and is killed by a shutdown hook if a test forgets
 * {@link #close()}.
 */
public final class KafkaBrokerProcess implements KafkaBroker {

	private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * C1-only JIT and the serial collector start the broker about a second faster on a
	 * busy two-core machine.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

	private final BrokerWorkDir workDir;

	private final KraftServerProperties serverProperties;

	private final List<String> command;

	private final Thread shutdownHook;

	private volatile Process process;

	private boolean closed;

	private KafkaBrokerProcess(BrokerWorkDir workDir, KraftServerProperties serverProperties, List<String> command) {
		this.workDir = workDir;
		this.serverProperties = serverProperties;
		this.command = command;
		this.shutdownHook = new Thread(this::reapOnExit, "kafka-broker-process-reaper");
	}

	/**
	 * Formats a fresh data directory, launches the broker on free loopback ports and
	 * returns once it is ready. If it does not become ready the child is killed and the
	 * work directory is kept, so the log named in the exception can be read.
	 */
	public static KafkaBrokerProcess start() {
		long startedAt = System.nanoTime();
		BrokerWorkDir workDir = BrokerWorkDir.createTemporary();
		int brokerPort = TestSocketUtils.findAvailableTcpPort();
		int controllerPort = distinctFreePort(brokerPort);
		KraftServerProperties serverProperties = new KraftServerProperties(brokerPort, controllerPort,
				workDir.dataDir());
		serverProperties.writeTo(workDir.serverProperties());
		List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
		jvmOptions.addAll(QuietLogging.writeTo(workDir.root()));
		List<String> command = JvmCommand.write(workDir.argumentFile(), jvmOptions, "kafka.Kafka",
				List.of(workDir.serverProperties().toAbsolutePath().toString()));
		StorageFormatter.format(workDir.serverProperties(), workDir.logFile());
		long formattedAfterMillis = elapsedMillis(startedAt);

		KafkaBrokerProcess broker = new KafkaBrokerProcess(workDir, serverProperties, command);
		Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
		try {
			broker.launchAndAwaitReady();
		}
		catch (RuntimeException e) {
			broker.killQuietly();
			broker.removeShutdownHook();
			throw e;
		}
		log.info("Kafka broker process started in {} ms (storage format {} ms) at {} (pid {}, log {})",
				elapsedMillis(startedAt), formattedAfterMillis, broker.bootstrapServers(), broker.pid(),
				workDir.logFile());
		return broker;
	}

	@Override
	public String bootstrapServers() {
		return serverProperties.bootstrapServers();
	}

	/** The child's stdout and stderr, appended across restarts. */
	public Path logFile() {
		return workDir.logFile();
	}

	/**
	 * Holds the data directory, the configuration and the log; deleted by
	 * {@link #close()}.
	 */
	public Path workDir() {
		return workDir.root();
	}

	/** The process id of the current (or last) broker incarnation. */
	public long pid() {
		return process.pid();
	}

	/**
	 * Whether the current broker incarnation's process is alive (it may still be
	 * starting).
	 */
	public boolean isRunning() {
		return process.isAlive();
	}

	/**
	 * Sends SIGKILL, like a crash or an OOM kill, and waits until the process is gone.
	 * Does nothing if it is not running.
	 */
	public synchronized void kill() {
		requireOpen();
		if (!process.isAlive()) {
			return;
		}
		long startedAt = System.nanoTime();
		process.destroyForcibly();
		awaitExit(KILL_TIMEOUT);
		log.info("Kafka broker process {} killed (SIGKILL) in {} ms", process.pid(), elapsedMillis(startedAt));
	}

	/**
	 * Sends SIGTERM so the broker shuts down cleanly, and waits for it; falls back to
	 * SIGKILL after 30 s. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		requireOpen();
		if (!process.isAlive()) {
			return;
		}
		long startedAt = System.nanoTime();
		process.destroy();
		if (!waitFor(STOP_TIMEOUT)) {
			log.warn("Kafka broker process {} ignored SIGTERM for {} s; killing it", process.pid(),
					STOP_TIMEOUT.toSeconds());
			process.destroyForcibly();
			awaitExit(KILL_TIMEOUT);
		}
		log.info("Kafka broker process {} stopped (SIGTERM) in {} ms", process.pid(), elapsedMillis(startedAt));
	}

	/**
	 * Starts a new broker incarnation on the same ports with the same data directory and
	 * returns once it is ready (registered and unfenced). A running broker is stopped
	 * gracefully first.
	 */
	public synchronized void restart() {
		requireOpen();
		stop();
		long startedAt = System.nanoTime();
		try {
			launchAndAwaitReady();
		}
		catch (RuntimeException e) {
			killQuietly();
			throw e;
		}
		log.info("Kafka broker process restarted in {} ms at {} (pid {})", elapsedMillis(startedAt), bootstrapServers(),
				pid());
	}

	/** Kills the broker and deletes its work directory, including the data. */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		killQuietly();
		removeShutdownHook();
		workDir.delete();
		log.info("Kafka broker process at {} closed and {} deleted", bootstrapServers(), workDir.root());
	}

	private void launchAndAwaitReady() {
		try {
			process = new ProcessBuilder(command).directory(workDir.root().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.logFile().toFile()))
				.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not launch the Kafka broker process: " + command, e);
		}
		BrokerReadiness.await(bootstrapServers(), KraftServerProperties.NODE_ID, process, workDir, READY_TIMEOUT);
	}

	private void killQuietly() {
		Process current = process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			try {
				current.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Runs at JVM exit when a test forgot {@link #close()}: no broker may outlive the
	 * test JVM.
	 */
	private void reapOnExit() {
		killQuietly();
		try {
			workDir.delete();
		}
		catch (UncheckedIOException e) {
			log.warn("Could not delete {} at JVM exit", workDir.root(), e);
		}
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException alreadyShuttingDown) {
			// the hook is running or about to run; it does the same job
		}
	}

	private void awaitExit(Duration timeout) {
		if (!waitFor(timeout)) {
			throw new IllegalStateException(
					"Kafka broker process " + process.pid() + " did not exit within " + timeout.toSeconds() + " s");
		}
	}

	private boolean waitFor(Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka broker process " + process.pid(), e);
		}
	}

	private void requireOpen() {
		if (closed) {
			throw new IllegalStateException("Kafka broker process at " + bootstrapServers() + " is closed");
		}
	}

	private static int distinctFreePort(int taken) {
		for (int attempt = 0; attempt < 10; attempt++) {
			int port = TestSocketUtils.findAvailableTcpPort();
			if (port != taken) {
				return port;
			}
		}
		throw new IllegalStateException("No free port other than " + taken + " found");
	}

	private static long elapsedMillis(long startedAtNanos) {
		return (System.nanoTime() - startedAtNanos) / 1_000_000;
	}

}
