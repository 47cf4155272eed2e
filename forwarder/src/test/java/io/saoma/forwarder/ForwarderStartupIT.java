package io.saoma.forwarder;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.config.StartupChecks;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A wrong relay configuration stops the real application (on a real broker: the Kafka
 * check comes first) at start-up with a report that names the property and never prints
 * an events URL (it may carry a secret).
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwarderStartupIT {

	private final StartupChecks startup = StartupChecks.of(ForwarderApplication.class)
		.withoutWebServer()
		.withArguments("--spring.kafka.bootstrap-servers=" + EmbeddedKraftBroker.shared().bootstrapServers());

	@BeforeAll
	static void topics() {
		EmbeddedKraftBroker.shared().createTopic(Topics.Names.WECHAT_EVENTS, 3);
	}

	@Test
	void shouldNameAnEventsUrlThatIsNotAnAbsoluteHttpUrlWithoutPrintingIt(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output,
					"--forwarder.accounts.main.events-url=core.authing.cn/connections/social/x/s3cr3t/events")
			.says("Invalid configuration: forwarder.accounts.main.events-url is not an absolute http(s) URL with a host")
			.neverPrints("s3cr3t");
	}

	@Test
	void shouldNameAnEventsUrlThatIsNoUrlWithoutPrintingIt(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--forwarder.accounts.main.events-url=https://core.authing.cn/s3cr3t events")
			.says("Invalid configuration: forwarder.accounts.main.events-url is not a valid URL")
			.neverPrints("s3cr3t");
	}

	@Test
	void shouldNameAPlaintextAccountThatTheDemoFormatCannotCarryWithoutPrintingItsSecrets(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--forwarder.accounts.main.events-url=https://core.authing.cn/s3cr3t/events",
					"--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=app-s3cr3t",
					"--wechat.accounts.main.token=tok123")
			.says("Invalid configuration: forwarder.accounts.main.format must be verbatim")
			.neverPrints("s3cr3t", "tok123");
	}

	@Test
	void shouldRefuseAZeroMaxAge(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--forwarder.accounts.main.events-url=https://core.authing.cn/events",
					"--forwarder.relay.max-age=0s")
			.says("Property: forwarder.relay.maxAge", "Reason: must be positive");
	}

}
