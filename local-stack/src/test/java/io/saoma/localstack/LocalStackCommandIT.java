package io.saoma.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the stack's command the way {@code ./run-local.sh} ends, {@code java -cp ... io.saoma.localstack.LocalStack}, in
 * its own process: it must say it is ready with the URLs to open, answer on them, and stop cleanly on SIGTERM (what
 * Ctrl-C does too).
 */
class LocalStackCommandIT {

	private static final Logger logger = LoggerFactory.getLogger(LocalStackCommandIT.class);

	private static final Pattern READY = Pattern.compile("saoma local stack is ready in ([0-9.]+) s");

	private static final Pattern URL = Pattern.compile("(http://localhost:\\d+)/");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shouldBecomeReadyServeEveryApplicationAndStopCleanly() throws Exception {
		Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
		Process stack = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
				LocalStack.class.getName(), "--free-ports")
			.redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		CompletableFuture.runAsync(() -> collect(stack, output));
		try {
			await().atMost(Duration.ofSeconds(120)).until(() -> output.stream().anyMatch((line) -> READY.matcher(line).find()));
			String banner = String.join("\n", output);
			Matcher ready = READY.matcher(banner);
			assertThat(ready.find()).isTrue();
			logger.info("The local stack was ready in {} s", ready.group(1));
			List<String> urls = URL.matcher(banner).results().map((match) -> match.group(1)).distinct().toList();
			assertThat(urls).hasSize(4);
			assertThat(get(urls.get(0) + "/")).contains("Log in with WeChat");
			for (String url : urls.subList(1, 4)) {
				assertThat(get(url + "/actuator/health")).contains("\"status\":\"UP\"");
			}

			// SIGTERM without closing our end of its output (Process.destroy() would)
			stack.toHandle().destroy();
			assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
			assertThat(stack.exitValue()).isZero();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.stream().anyMatch((line) -> line.contains("Stopping the local stack on SIGTERM")));
			assertThat(String.join("\n", output)).doesNotContain("Exception in thread").doesNotContain(" ERROR ");
			for (String url : urls) {
				assertThat(isListening(url)).as(url + " closed").isFalse();
			}
		}
		finally {
			stack.destroyForcibly();
			java.nio.file.Files.write(Path.of("target", "local-stack-command.log"), output);
		}
	}

	private String get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
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
