package io.saoma.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a person meets it without a broker: mistakes are usage errors (exit
 * 2, a message and the synopsis), an unreachable Kafka is exit 1 with a message, and
 * nothing but records ever goes to stdout.
 */
class SaomaCliTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void shouldRejectABadSinceAsAUsageError() {
		assertThat(run("tail", "wechat.events", "--since", "yesterday")).isEqualTo(2);
		assertThat(err()).contains("Invalid --since 'yesterday'")
			.contains("Usage: saoma tail")
			.contains("Run 'saoma tail --help'");
		assertThat(out()).isEmpty();
	}

	@Test
	void shouldRejectAnUnknownTopicListingTheKnownOnes() {
		assertThat(run("tail", "wechat.nope", "--bootstrap-server", "127.0.0.1:1")).isEqualTo(2);
		assertThat(err()).contains("Unknown topic 'wechat.nope'")
			.contains("wechat.events")
			.contains("wechat.logins")
			.contains("wechat.messages.text");
		assertThat(out()).isEmpty();
	}

	@Test
	void shouldRejectAnUnknownOptionAMissingTopicAndAMissingCommand() {
		assertThat(run("tail", "wechat.events", "--folow")).isEqualTo(2);
		assertThat(err()).contains("Unknown option: '--folow'");
		assertThat(run("tail")).isEqualTo(2);
		assertThat(err()).contains("Missing required parameter: 'TOPIC'");
		assertThat(run()).isEqualTo(2);
		assertThat(err()).contains("Missing command");
		assertThat(out()).isEmpty();
	}

	@Test
	void shouldRejectANonPositiveMaxOrTimeout() {
		assertThat(run("tail", "wechat.events", "--max", "0")).isEqualTo(2);
		assertThat(err()).contains("Invalid --max 0");
		assertThat(run("tail", "wechat.events", "--max", "many")).isEqualTo(2);
		assertThat(err()).contains("--max");
		assertThat(run("tail", "wechat.events", "--timeout", "0")).isEqualTo(2);
		assertThat(err()).contains("Invalid --timeout 0");
	}

	@Test
	void shouldPrintHelpWithExamplesAndExitCodes() {
		assertThat(run("tail", "--help")).isZero();
		assertThat(out()).contains("--account", "--type", "--since", "--follow", "--count", "--max",
				"--bootstrap-server", "SAOMA_BOOTSTRAP", "saoma tail wechat.events --account main --type subscribe",
				"Exit codes");
	}

	@Test
	void shouldExitOneWithAMessageWhenKafkaIsUnreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		assertThat(run("tail", "wechat.events", "--bootstrap-server", "127.0.0.1:" + closedPort, "--timeout", "1"))
			.isEqualTo(1);
		assertThat(err()).contains("Cannot reach Kafka at 127.0.0.1:" + closedPort + " within 1 s");
		assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
		assertThat(out()).isEmpty();
	}

	@Test
	void shouldExitOneWhenTheBootstrapServerDoesNotResolve() {
		assertThat(run("tail", "wechat.events", "--bootstrap-server", "no-such-host.invalid:9092", "--timeout", "1"))
			.isEqualTo(1);
		assertThat(err()).contains("Kafka at no-such-host.invalid:9092 failed")
			.contains("No resolvable bootstrap urls");
	}

	private int run(String... args) {
		this.out.reset();
		this.err.reset();
		return SaomaCli.execute(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), new TailStop(), Clock.systemUTC());
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
