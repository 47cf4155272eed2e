package io.saoma.loginprocessor;

import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Invalid configuration stops the real application at start-up, naming the property and
 * never printing a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginProcessorStartupIT {

	private static final String SECRET = "app-secret-never-printed";

	private static final String KEY = "redeem-key-never-printed";

	@BeforeAll
	static void topics() {
		EmbeddedKraftBroker.shared().createCompactedTopic(Topics.Names.QR_TICKETS, 2);
	}

	@Test
	void shouldNameAMissingRedeemApiKey(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET);
		assertThat(output).contains("Invalid configuration: login.redeem-api-key is missing.").doesNotContain(SECRET);
	}

	@Test
	void shouldNameAMissingAppSecret(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.shop.app-id=wx1", "--login.redeem-api-key=" + KEY);
		assertThat(output).contains("Invalid configuration: wechat.accounts.shop.app-secret is missing.")
			.doesNotContain(KEY);
	}

	@Test
	void shouldNameAShortRedeemApiKeyWithoutPrintingIt(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=short-key-x");
		assertThat(output).contains("Invalid configuration: login.redeem-api-key must be at least 16 characters.")
			.doesNotContain("short-key-x")
			.doesNotContain(SECRET);
	}

	@Test
	void shouldNameAnInvalidAccountIdWithoutPrintingItsSecret(CapturedOutput output) {
		assertStartupFails("--wechat.accounts[_main].app-id=wx1", "--wechat.accounts[_main].app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY);
		assertThat(output).contains("Invalid configuration: wechat.accounts._main has an invalid account id.")
			.doesNotContain(SECRET)
			.doesNotContain(KEY);
	}

	@Test
	void shouldRefuseATicketLifetimeWechatDoesNotAllow(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY, "--login.max-ticket-ttl=31d");
		assertThat(output).contains("Property: login.maxTicketTtl")
			.contains("Reason: must be between 1s and 2592000s")
			.doesNotContain(SECRET)
			.doesNotContain(KEY);
	}

	@Test
	void shouldRefuseADedupRetentionShorterThanWechatsRetries(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY, "--login.dedup-retention=5s");
		assertThat(output).contains("Property: login.dedupRetention").contains("Reason: must be at least 20s");
	}

	@Test
	void shouldRefuseAScanClockSkewThatWouldLetLateScansLogIn(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY, "--login.scan-clock-skew=2m");
		assertThat(output).contains("Property: login.scanClockSkew").contains("Reason: must be between 0s and 1m");
	}

	@Test
	void shouldRefuseASweepThatHandlesNothing(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY, "--login.max-expiries-per-sweep=0");
		assertThat(output).contains("Property: login.maxExpiriesPerSweep").contains("Reason: must be at least 1");
	}

	@Test
	void shouldRefuseAThreadFailureWindowOfNothing(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=" + SECRET,
				"--login.redeem-api-key=" + KEY, "--saoma.streams.health.thread-failure-window=0s");
		assertThat(output).contains("Property: saoma.streams.health.threadFailureWindow")
			.contains("Reason: must be positive");
	}

	@Test
	void shouldSayWhichTopicIsMissing(CapturedOutput output) {
		EmbeddedKraftBroker empty = EmbeddedKraftBroker.start();
		try {
			assertStartupFailsOn(empty.bootstrapServers(), "--wechat.accounts.main.app-id=wx1",
					"--wechat.accounts.main.app-secret=" + SECRET, "--login.redeem-api-key=" + KEY);
			assertThat(output).contains("Topic wechat.qr-tickets does not exist").doesNotContain(SECRET);
		}
		finally {
			empty.close();
		}
	}

	@Test
	void shouldSayThatTheStatusTopicIsMissingBeforeKafkaStreamsStarts(CapturedOutput output) {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.start();
		try {
			broker.createCompactedTopic(Topics.Names.QR_TICKETS, 2);
			assertStartupFailsOn(broker.bootstrapServers(), "--wechat.accounts.main.app-id=wx1",
					"--wechat.accounts.main.app-secret=" + SECRET, "--login.redeem-api-key=" + KEY);
			assertThat(output).contains("Topic wechat.login-status does not exist").doesNotContain(SECRET);
		}
		finally {
			broker.close();
		}
	}

	private static void assertStartupFails(String... args) {
		assertStartupFailsOn(EmbeddedKraftBroker.shared().bootstrapServers(), args);
	}

	private static void assertStartupFailsOn(String bootstrapServers, String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		arguments.add("--server.port=0");
		arguments.add("--management.server.port=0");
		assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = new SpringApplication(LoginProcessorApplication.class)
				.run(arguments.toArray(String[]::new))) {
				// started: the assertion fails
			}
		});
	}

}
