package io.saoma.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.saoma.localstack.ListeningSockets.ListeningSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Runs the stack's command the way {@code ./run-local.sh} ends,
 * {@code java -cp ... io.saoma.localstack.LocalStack}, in its own process, once for the
 * whole class: it must say it is ready with the URLs to open, answer on them, be
 * reachable from this machine only, show a person no warning, no error and no terminal
 * colour codes in a log file, and stop cleanly on SIGTERM (what Ctrl-C does too) leaving
 * nothing in the temp directory. A mistyped option stops it at once with a one-line
 * reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackCommandIT {

	private static final Logger logger = LoggerFactory.getLogger(LocalStackCommandIT.class);

	private static final String READY_END = "Press Ctrl-C to stop.";

	private static final Pattern READY = Pattern.compile("saoma local stack is ready in ([0-9.]+) s");

	private static final Pattern URL = Pattern.compile("(http://localhost:\\d+)/");

	private static final Pattern KAFKA = Pattern.compile("^\\s+Kafka\\s+(\\S+):(\\d+)\\s*$", Pattern.MULTILINE);

	private static final Pattern WARNING_OR_ERROR = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b");

	private static final String ANSI_ESCAPE = "\u001B[";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	// static: JUnit injects an instance field only before each test, after @BeforeAll
	@TempDir
	static Path tmpdir;

	private Process stack;

	private final List<String> output = new CopyOnWriteArrayList<>();

	/** The output up to and including the ready banner. */
	private List<String> startOutput;

	private List<String> urls;

	private int kafkaPort;

	@BeforeAll
	void startStack() throws Exception {
		this.stack = new ProcessBuilder(javaBinary(), "-Djava.io.tmpdir=" + tmpdir, "-cp",
				System.getProperty("java.class.path"), LocalStack.class.getName(), "--free-ports")
			.redirectErrorStream(true)
			.start();
		CompletableFuture.runAsync(() -> collect(this.stack, this.output));
		await().atMost(Duration.ofSeconds(120))
			.failFast("the local stack exited before it was ready", () -> !this.stack.isAlive())
			.until(() -> this.output.contains(READY_END));
		this.startOutput = List.copyOf(this.output.subList(0, this.output.indexOf(READY_END) + 1));
		String banner = String.join("\n", this.startOutput);
		Matcher ready = READY.matcher(banner);
		assertThat(ready.find()).as("ready banner").isTrue();
		logger.info("The local stack was ready in {} s", ready.group(1));
		this.urls = URL.matcher(banner).results().map((match) -> match.group(1)).distinct().toList();
		Matcher kafka = KAFKA.matcher(banner);
		assertThat(kafka.find()).as("Kafka line of the banner").isTrue();
		assertThat(kafka.group(1)).isEqualTo("127.0.0.1");
		this.kafkaPort = Integer.parseInt(kafka.group(2));
	}

	@AfterAll
	void stopStack() throws IOException {
		if (this.stack != null) {
			this.stack.destroyForcibly();
		}
		Files.write(Path.of("target", "local-stack-command.log"), this.output);
	}

	@Test
	@Order(1)
	void shouldServeEveryApplicationAtTheUrlsOfTheBanner() throws Exception {
		assertThat(this.urls).hasSize(4);
		assertThat(get(this.urls.get(0) + "/")).contains("Log in with WeChat");
		assertThat(get(this.urls.get(1) + "/wechat/demo")).as("the receiver refuses an unsigned verification")
			.contains("\"error\"");
		assertThat(get(this.urls.get(2) + "/api/qr-logins/none")).as("the login API").contains("\"error\"");
		assertThat(get(this.urls.get(3) + "/actuator/health")).as("the forwarder's actuator")
			.contains("\"status\":\"UP\"");
		for (String url : this.urls.subList(1, 3)) {
			assertThat(get(url + "/actuator/health")).as("no actuator on an application port").doesNotContain("\"UP\"");
		}
	}

	@Test
	@Order(2)
	void shouldListenOnLoopbackOnly() {
		assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
		List<ListeningSocket> sockets = ListeningSockets.of(this.stack.pid());
		logger.info("The local stack listens on {}", sockets);
		List<Integer> bannerPorts = new ArrayList<>(this.urls.stream().map(LocalStackCommandIT::port).toList());
		bannerPorts.add(this.kafkaPort);
		// finding them all shows the sockets were read; the Kafka controller listens on
		// one more
		assertThat(sockets).extracting(ListeningSocket::port).containsAll(bannerPorts);
		assertThat(sockets).as("sockets of the banner and the Kafka controller").hasSizeGreaterThan(bannerPorts.size());
		assertThat(sockets.stream().filter((socket) -> !socket.loopbackOnly()).toList())
			.as("sockets reachable from outside this machine, of %s", sockets)
			.isEmpty();
	}

	@Test
	@Order(3)
	void shouldStartWithoutWarningsOrErrors() {
		assertThat(this.startOutput.stream().filter((line) -> WARNING_OR_ERROR.matcher(line).find()).toList())
			.as("warnings and errors up to the ready banner")
			.isEmpty();
	}

	@Test
	@Order(4)
	void shouldNotColourOutputThatIsNotATerminal() {
		assertThat(this.output.stream().filter((line) -> line.contains(ANSI_ESCAPE)).toList())
			.as("lines with ANSI escape codes")
			.isEmpty();
	}

	@Test
	@Order(5)
	void shouldStopCleanlyOnSigtermAndLeaveNothingInTheTempDirectory() throws Exception {
		int readyLines = this.output.size();
		// SIGTERM without closing our end of its output (Process.destroy() would)
		this.stack.toHandle().destroy();
		assertThat(this.stack.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
		// the JVM's status after a SIGTERM its shutdown hooks handled: 128 + 15
		assertThat(this.stack.exitValue()).isEqualTo(143);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.output.stream()
				.anyMatch((line) -> line.contains("Stopping the local stack (JVM shutdown)")));
		List<String> stopOutput = this.output.subList(readyLines, this.output.size());
		assertThat(stopOutput.stream()
			.filter((line) -> WARNING_OR_ERROR.matcher(line).find() || line.contains("Exception"))
			.toList()).as("warnings and errors while stopping").isEmpty();
		for (String url : this.urls) {
			assertThat(isListening(url)).as(url + " closed").isFalse();
		}
		assertThat(isListening(this.kafkaPort)).as("Kafka port " + this.kafkaPort + " closed").isFalse();
		assertThat(leftIn(tmpdir)).as("left in the stack's java.io.tmpdir %s", tmpdir).isEmpty();
	}

	@Test
	@Order(6)
	void shouldRefuseABindAddressThatIsNoIpAddressWithOneLineNamingTheOption() throws Exception {
		Process command = new ProcessBuilder(javaBinary(), "-Djava.io.tmpdir=" + tmpdir, "-cp",
				System.getProperty("java.class.path"), LocalStack.class.getName(), "--bind-address=nonsense")
			.redirectErrorStream(true)
			.start();
		try {
			String printed = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(command.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
			assertThat(command.exitValue()).as("exit code").isNotZero();
			assertThat(printed.lines().toList()).as(printed)
				.containsExactly("--bind-address must be an IP address, was 'nonsense'", StackOptions.USAGE);
		}
		finally {
			command.destroyForcibly();
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int port(String url) {
		return URI.create(url).getPort();
	}

	private static List<String> leftIn(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			return paths.filter((path) -> !path.equals(directory))
				.map((path) -> directory.relativize(path).toString())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String get(String url) throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private boolean isListening(String url) {
		try {
			this.http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			return true;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static boolean isListening(int loopbackPort) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), loopbackPort), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void collect(Process process, List<String> output) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			reader.lines().forEach(output::add);
		}
		catch (IOException ex) {
			output.add("(output ended: " + ex + ")");
		}
	}

}
