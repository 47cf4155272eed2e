package io.saoma.loginprocessor;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.config.StartupChecks;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Invalid configuration stops the real application at start-up, naming the property and
 * never printing a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginProcessorStartupIT {

	private static final String SECRET = "app-secret-never-printed";

	private static final String KEY = "redeem-key-never-printed";

	private static final String SHORT_KEY = "short-key-x";

	private static final String[] ACCOUNT = { "--wechat.accounts.main.app-id=wx1",
			"--wechat.accounts.main.app-secret=" + SECRET };

	@BeforeAll
	static void topics() {
		EmbeddedKraftBroker.shared().createCompactedTopic(Topics.Names.QR_TICKETS, 2);
	}

	@Test
	void shouldNameAMissingRedeemApiKey(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared()).assertFailsToStart(output, ACCOUNT)
			.says("Invalid configuration: login.redeem-api-key is missing.")
			.neverPrints(SECRET);
	}

	@Test
	void shouldNameAMissingAppSecret(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared())
			.assertFailsToStart(output, "--wechat.accounts.shop.app-id=wx1", "--login.redeem-api-key=" + KEY)
			.says("Invalid configuration: wechat.accounts.shop.app-secret is missing.")
			.neverPrints(KEY);
	}

	@Test
	void shouldNameAShortRedeemApiKeyWithoutPrintingIt(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared()).withArguments("--login.redeem-api-key=" + SHORT_KEY)
			.assertFailsToStart(output, ACCOUNT)
			.says("Invalid configuration: login.redeem-api-key must be at least 16 characters.")
			.neverPrints(SHORT_KEY, SECRET);
	}

	@Test
	void shouldNameAnInvalidAccountIdWithoutPrintingItsSecret(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared())
			.assertFailsToStart(output, "--wechat.accounts[_main].app-id=wx1",
					"--wechat.accounts[_main].app-secret=" + SECRET, "--login.redeem-api-key=" + KEY)
			.says("Invalid configuration: wechat.accounts._main has an invalid account id.")
			.neverPrints(SECRET, KEY);
	}

	@Test
	void shouldNameAConfirmationTextForAnUnknownAccount(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared())
			.withArguments("--login.redeem-api-key=" + KEY, "--login.confirmation.accounts.shop.text=你已登录")
			.assertFailsToStart(output, ACCOUNT)
			.says("Invalid configuration: login.confirmation.accounts.shop names no account of wechat.accounts (main)")
			.neverPrints(SECRET, KEY);
	}

	@Test
	void shouldNameAMissingConfirmationText(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared())
			.withArguments("--login.redeem-api-key=" + KEY, "--login.confirmation.accounts.main.enabled=true")
			.assertFailsToStart(output, ACCOUNT)
			.says("Invalid configuration: login.confirmation.accounts.main.text is missing.")
			.neverPrints(SECRET, KEY);
	}

	@ParameterizedTest(name = "{0} refused: {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					login.maxTicketTtl                          | must be between 1s and 2592000s | --login.max-ticket-ttl=31d
					login.dedupRetention                        | must be at least 20s            | --login.dedup-retention=5s
					login.scanClockSkew                         | must be between 0s and 1m       | --login.scan-clock-skew=2m
					login.maxExpiriesPerSweep                   | must be at least 1              | --login.max-expiries-per-sweep=0
					saoma.streams.health.threadFailureWindow    | must be positive                | --saoma.streams.health.thread-failure-window=0s
					login.profile.timeout                       | must be between 100ms and 10s   | --login.profile.timeout=30s
					login.confirmation.maxAge                   | must be positive                | --login.confirmation.max-age=0s
					login.confirmation.retry.attempts           | must be between 1 and 10        | --login.confirmation.retry.attempts=0
					""")
	void shouldNameThePropertyAndTheReasonOfAValueOutOfRange(String property, String reason, String argument,
			CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared()).withArguments("--login.redeem-api-key=" + KEY, argument)
			.assertFailsToStart(output, ACCOUNT)
			.says("Property: " + property, "Reason: " + reason)
			.neverPrints(SECRET, KEY);
	}

	@Test
	void shouldNameAProfileOptInForAnAccountThatIsNotConfigured(CapturedOutput output) {
		startup(EmbeddedKraftBroker.shared()).withArguments("--login.redeem-api-key=" + KEY)
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1",
					"--wechat.accounts.main.app-secret=" + SECRET, "--login.profile.accounts=main,mian")
			.says("Invalid configuration: login.profile.accounts names 'mian', no account of wechat.accounts (main).")
			.neverPrints(SECRET, KEY);
	}

	@Test
	void shouldSayWhichTopicIsMissing(CapturedOutput output) {
		try (EmbeddedKraftBroker empty = EmbeddedKraftBroker.start()) {
			startup(empty).withArguments("--login.redeem-api-key=" + KEY)
				.assertFailsToStart(output, ACCOUNT)
				.says("Topic wechat.qr-tickets does not exist")
				.neverPrints(SECRET);
		}
	}

	@Test
	void shouldSayThatTheStatusTopicIsMissingBeforeKafkaStreamsStarts(CapturedOutput output) {
		try (EmbeddedKraftBroker broker = EmbeddedKraftBroker.start()) {
			broker.createCompactedTopic(Topics.Names.QR_TICKETS, 2);
			startup(broker).withArguments("--login.redeem-api-key=" + KEY)
				.assertFailsToStart(output, ACCOUNT)
				.says("Topic wechat.login-status does not exist")
				.neverPrints(SECRET);
		}
	}

	private static StartupChecks startup(EmbeddedKraftBroker broker) {
		return StartupChecks.of(LoginProcessorApplication.class)
			.withArguments("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--server.port=0",
					"--management.server.port=0");
	}

}
