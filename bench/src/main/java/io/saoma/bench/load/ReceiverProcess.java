package io.saoma.bench.load;

import java.io.IOException;
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
 * The receiver as a child JVM (its own heap, so its heap figure is its own), with its
 * real configuration ({@code receiver.yml}: acks=all, idempotence, lz4, linger 5 ms) and
 * the local stack's demo account, on loopback.
 */
public final class ReceiverProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ReceiverProcess(Process process, int port, int managementPort) {
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the receiver and waits (at most 120 s) until it answers.
	 * @param bootstrapServers the broker
	 * @param heap {@code -Xmx}, e.g. {@code 256m}
	 * @param jvmOptions more JVM options (e.g. a flight recording)
	 * @param log where its output goes
	 * @return the running receiver
	 * @throws IOException if it cannot start
	 * @throws InterruptedException if interrupted
	 */
	public static ReceiverProcess start(String bootstrapServers, String heap, List<String> jvmOptions, Path log)
			throws IOException, InterruptedException {
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx" + heap);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.saoma.receiver.ReceiverApplication");
		command.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--management.server.address=127.0.0.1");
		command.add("--management.server.port=" + managementPort);
		command.add("--wechat.accounts." + PushFactory.ACCOUNT + ".app-id=" + PushFactory.APP_ID);
		command.add("--wechat.accounts." + PushFactory.ACCOUNT + ".token=" + PushFactory.TOKEN);
		command.add("--wechat.accounts." + PushFactory.ACCOUNT + ".encoding-aes-key=" + PushFactory.ENCODING_AES_KEY);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ReceiverProcess receiver = new ReceiverProcess(process, port, managementPort);
		try {
			// ready, or gone: a receiver that exits is not waited for
			Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !process.isAlive() || receiver.ready());
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		if (!process.isAlive() || !receiver.ready()) {
			receiver.close();
			throw new IOException("the receiver did not start within 120 s; see " + log);
		}
		return receiver;
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
	 * The receiver's heap used now, from its Prometheus endpoint
	 * ({@code jvm_memory_used_bytes{area="heap"}}, summed over the pools).
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

	/**
	 * Its application URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Its CPU time so far (user + system, all threads).
	 * @return nanoseconds, or -1 if unknown
	 */
	public long cpuNanos() {
		return this.process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
	}

	/**
	 * Its process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
