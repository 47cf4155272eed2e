package io.saoma.bench.forwarder;

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
 * The forwarder as a child JVM (its own heap and threads, so its figures are its own),
 * with its real configuration ({@code forwarder.yml}) and one account relaying to the
 * fake Authing, on loopback. Reads its threads and CPU time from {@code /proc}.
 */
final class ForwarderProcess implements AutoCloseable {

	private final Process process;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ForwarderProcess(Process process, int managementPort) {
		this.process = process;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the forwarder and waits (at most 120 s) until it is ready.
	 * @param bootstrapServers the broker
	 * @param eventsUrl the fake Authing's events URL
	 * @param heap {@code -Xmx}
	 * @param jvmOptions more JVM options
	 * @param args more application arguments ({@code --name=value})
	 * @param log where its output goes
	 * @return the running forwarder
	 * @throws IOException if it does not start
	 */
	static ForwarderProcess start(String bootstrapServers, String eventsUrl, String heap, List<String> jvmOptions,
			List<String> args, Path log) throws IOException {
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx" + heap);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.saoma.forwarder.ForwarderApplication");
		command.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--management.server.port=" + managementPort);
		command.add("--spring.kafka.streams.state-dir=" + Files.createTempDirectory("bench-forwarder"));
		command.add("--forwarder.accounts." + LoginScans.ACCOUNT + ".events-url=" + eventsUrl);
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ForwarderProcess forwarder = new ForwarderProcess(process, managementPort);
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !process.isAlive() || forwarder.ready());
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		if (!process.isAlive() || !forwarder.ready()) {
			forwarder.close();
			throw new IOException("the forwarder did not start within 120 s; see " + log);
		}
		return forwarder;
	}

	private boolean ready() {
		try {
			return this.http
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
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

	long pid() {
		return this.process.pid();
	}

	/**
	 * The CPU time the process has used (user and system), from {@code /proc/<pid>/stat}.
	 * @return milliseconds, or -1 if unknown
	 */
	long cpuMillis() {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields 14 and 15 of stat (utime, stime), counted from the state (field 3)
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 1000 / 100;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * The process's threads by name, digits folded ({@code authing-relay-0-C-1} and
	 * {@code authing-relay-1-C-1} count as one name).
	 * @return thread count per name
	 */
	Map<String, Integer> threads() {
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
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
