package io.saoma.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Spring Boot application as a child JVM of the load generator (its own heap, so its
 * heap figure is its own): the same java command as the generator, on loopback, with its
 * actuator on a separate management port for readiness and the heap used. Every bench
 * starts its services through this one launcher.
 */
public final class ChildJvm implements AutoCloseable {

	/** Ready: the actuator's readiness group answers 200. */
	public static final Readiness READINESS = (child) -> child.get("/actuator/health/readiness").statusCode() == 200;

	private static final Duration START_LIMIT = Duration.ofSeconds(120);

	/** A JVM writing an AOT cache ({@code -XX:AOTCacheOutput}) at exit takes a while. */
	private static final Duration STOP_LIMIT = Duration.ofSeconds(120);

	private final String name;

	private final Process process;

	private final int port;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ChildJvm(String name, Process process, int port, int managementPort) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the application and waits (at most 120 s) until its readiness probe answers
	 * 200.
	 * @param name for messages, e.g. {@code receiver}
	 * @param classPath its class path
	 * @param mainClass its main class
	 * @param heap {@code -Xmx}, e.g. {@code 256m}
	 * @param jvmOptions more JVM options (e.g. a flight recording)
	 * @param arguments its own arguments (the address and ports are added)
	 * @param log where its output goes
	 * @return the running application
	 * @throws IOException if it cannot start or does not become ready
	 */
	public static ChildJvm start(String name, String classPath, String mainClass, String heap, List<String> jvmOptions,
			List<String> arguments, Path log) throws IOException {
		return start(name, classPath, mainClass, heap, jvmOptions, arguments, log, READINESS);
	}

	/**
	 * Starts a Spring Boot application on loopback (free ports for the server and the
	 * management server) and waits, at most 120 s, until it is ready.
	 * @param name what it is, for messages
	 * @param classPath its class path
	 * @param mainClass its main class
	 * @param heap {@code -Xmx}
	 * @param jvmOptions more JVM options
	 * @param arguments more application arguments ({@code --name=value})
	 * @param log where its output goes
	 * @param readiness when it counts as ready
	 * @return the running child
	 * @throws IOException if it exits or is not ready in time
	 */
	public static ChildJvm start(String name, String classPath, String mainClass, String heap, List<String> jvmOptions,
			List<String> arguments, Path log, Readiness readiness) throws IOException {
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx" + heap);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass);
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--management.server.address=127.0.0.1");
		command.add("--management.server.port=" + managementPort);
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ChildJvm child = new ChildJvm(name, process, port, managementPort);
		try {
			// ready, or gone: a child that exits is not waited for
			Awaitility.await()
				.atMost(START_LIMIT)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !process.isAlive() || child.ready(readiness));
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		if (!process.isAlive() || !child.ready(readiness)) {
			child.close();
			throw new IOException(
					"the " + name + " did not start within " + START_LIMIT.toSeconds() + " s; see " + log);
		}
		return child;
	}

	private boolean ready(Readiness readiness) {
		try {
			return readiness.test(this);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * GETs a path of its management server.
	 * @param path e.g. {@code /actuator/health}
	 * @return the answer
	 * @throws IOException if it does not answer within 2 s
	 */
	public HttpResponse<String> get(String path) throws IOException {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/**
	 * Its heap used now, from its Prometheus endpoint
	 * ({@code jvm_memory_used_bytes{area="heap"}}, summed over the pools).
	 * @return megabytes, or -1 if unknown
	 */
	/**
	 * Heap used now, from its {@code /actuator/prometheus}.
	 * @return megabytes, or -1 if unknown
	 */
	public double heapUsedMb() {
		try {
			double bytes = 0;
			for (String line : get("/actuator/prometheus").body().split("\n")) {
				if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
					bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
			return bytes / (1024 * 1024);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	String name() {
		return this.name;
	}

	/**
	 * Its server's URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Its process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * The CPU time it has used so far (user and system, all threads).
	 * @return nanoseconds, or -1 if unknown
	 */
	public long cpuNanos() {
		return this.process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
	}

	/**
	 * Its threads by name, digits folded ({@code authing-relay-0-C-1} and
	 * {@code authing-relay-1-C-1} count as one name), from {@code /proc}.
	 * @return thread count per name, empty if unknown
	 */
	public Map<String, Integer> threads() {
		Map<String, Integer> byName = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
			tasks.forEach((task) -> {
				try {
					String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
					byName.merge(name, 1, Integer::sum);
				}
				catch (IOException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			// the process ended
		}
		return byName;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** When a starting child counts as ready. */
	@FunctionalInterface
	public interface Readiness {

		/**
		 * Whether the child is ready.
		 * @param child the starting child
		 * @return whether it is
		 * @throws IOException if it does not answer (not ready yet)
		 */
		boolean test(ChildJvm child) throws IOException;

	}

}
