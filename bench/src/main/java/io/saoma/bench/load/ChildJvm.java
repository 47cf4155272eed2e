package io.saoma.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Spring Boot application as a child JVM of the load generator (its own heap, so its
 * heap figure is its own): the same java command as the generator, on loopback, with its
 * actuator on a separate management port for readiness and the heap used.
 */
final class ChildJvm implements AutoCloseable {

	private static final Duration START_LIMIT = Duration.ofSeconds(120);

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
	 * @throws InterruptedException if interrupted
	 */
	static ChildJvm start(String name, String classPath, String mainClass, String heap, List<String> jvmOptions,
			List<String> arguments, Path log) throws IOException, InterruptedException {
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
				.until(() -> !process.isAlive() || child.ready());
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		if (!process.isAlive() || !child.ready()) {
			child.close();
			throw new IOException(
					"the " + name + " did not start within " + START_LIMIT.toSeconds() + " s; see " + log);
		}
		return child;
	}

	private boolean ready() {
		try {
			return get("/actuator/health/readiness").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private HttpResponse<String> get(String path) throws IOException {
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
	double heapUsedMb() {
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

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
