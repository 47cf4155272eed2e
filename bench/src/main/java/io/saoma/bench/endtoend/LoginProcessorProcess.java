package io.saoma.bench.endtoend;

import java.io.File;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.saoma.bench.load.PushFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The login processor as a child JVM, with its real configuration
 * ({@code login-processor.yml}: exactly_once_v2, its commit interval and caches), the
 * demo account against the bench's fake WeChat API, on loopback. What differs from a
 * deployment: one instance (no standby), and start/stream limits raised so that one
 * client (the bench) may start tens of thousands of logins and watch many of them.
 */
final class LoginProcessorProcess implements AutoCloseable {

	static final String REDEEM_API_KEY = "bench-redeem-key-0123456789";

	private final Process process;

	private final int port;

	private final int managementPort;

	private final long startedNanos;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private long readyNanos;

	private LoginProcessorProcess(Process process, int port, int managementPort, long startedNanos) {
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
		this.startedNanos = startedNanos;
	}

	/**
	 * Starts the login processor and waits (at most 120 s) until its Kafka Streams run.
	 * @param bootstrapServers the broker
	 * @param wechatApi the fake WeChat API's base URL
	 * @param heap {@code -Xmx}
	 * @param jvmOptions more JVM options (AOT cache, flight recording)
	 * @param arguments more application arguments ({@code --name=value}, e.g. tuning)
	 * @param log where its output goes
	 * @return the running login processor
	 * @throws IOException if it cannot start
	 */
	static LoginProcessorProcess start(String bootstrapServers, String wechatApi, String heap, List<String> jvmOptions,
			List<String> arguments, Path log) throws IOException {
		int port = freePort();
		int managementPort = freePort();
		Path state = Files.createTempDirectory("bench-login-processor");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx" + heap);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(jarsOnly(System.getProperty("java.class.path")));
		command.add("io.saoma.loginprocessor.LoginProcessorApplication");
		command.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		command.add("--server.address=127.0.0.1");
		command.add("--server.port=" + port);
		command.add("--management.server.address=127.0.0.1");
		command.add("--management.server.port=" + managementPort);
		command.add("--login.advertised-host=127.0.0.1");
		command.add("--spring.kafka.streams.state-dir=" + state);
		command.add("--spring.kafka.streams.properties.num.standby.replicas=0");
		command.add("--wechat.api.base-url=" + wechatApi);
		command.add("--wechat.api.qr-image-base-url=" + wechatApi);
		command.add("--wechat.accounts." + PushFactory.ACCOUNT + ".app-id=" + PushFactory.APP_ID);
		command.add("--wechat.accounts." + PushFactory.ACCOUNT + ".app-secret=benchAppSecret0123456789abcdef0");
		command.add("--login.redeem-api-key=" + REDEEM_API_KEY);
		command.add("--login.limits.client-starts=100000000");
		command.add("--login.limits.account-starts=100000000");
		command.add("--login.limits.max-streams=100000");
		command.add("--login.limits.max-streams-per-client=100000");
		command.addAll(arguments);
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		LoginProcessorProcess processor = new LoginProcessorProcess(process, port, managementPort, started);
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> !process.isAlive() || processor.running());
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		if (!process.isAlive() || !processor.running()) {
			processor.close();
			throw new IOException("the login processor did not start within 120 s; see " + log);
		}
		processor.readyNanos = System.nanoTime();
		return processor;
	}

	private boolean running() {
		try {
			HttpResponse<String> health = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return health.statusCode() == 200 && health.body().contains("\"state\":\"RUNNING\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * How long it took from the process's start to Kafka Streams RUNNING.
	 * @return seconds
	 */
	double secondsToReady() {
		return (this.readyNanos - this.startedNanos) / 1e9;
	}

	/**
	 * Its API's URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * The CPU time the process has used so far.
	 * @return seconds, or -1 if unknown
	 */
	double cpuSeconds() {
		return this.process.toHandle().info().totalCpuDuration().map((cpu) -> cpu.toNanos() / 1e9).orElse(-1.0);
	}

	/**
	 * The class path without its directories (the bench's own classes): the login
	 * processor needs none of them, and an AOT cache or CDS archive accepts only jars.
	 */
	private static String jarsOnly(String classPath) {
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> entry.endsWith(".jar"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			// a JVM writing an AOT cache (-XX:AOTCacheOutput) at exit takes a while
			if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
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
