package io.saoma.forwarder;

import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A wrong relay configuration stops the real application (on a real broker: the Kafka
 * check comes first) at start-up with a report that names the property and never prints
 * an events URL (it may carry a secret).
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwarderStartupIT {

	@Test
	void shouldNameAnEventsUrlThatIsNotAnAbsoluteHttpUrlWithoutPrintingIt(CapturedOutput output) {
		assertStartupFails("--forwarder.accounts.main.events-url=core.authing.cn/connections/social/x/s3cr3t/events");
		assertThat(output).contains(
				"Invalid configuration: forwarder.accounts.main.events-url is not an absolute http(s) URL with a host")
			.doesNotContain("s3cr3t");
	}

	@Test
	void shouldNameAnEventsUrlThatIsNoUrlWithoutPrintingIt(CapturedOutput output) {
		assertStartupFails("--forwarder.accounts.main.events-url=https://core.authing.cn/s3cr3t events");
		assertThat(output).contains("Invalid configuration: forwarder.accounts.main.events-url is not a valid URL")
			.doesNotContain("s3cr3t");
	}

	@Test
	void shouldNameAPlaintextAccountThatTheDemoFormatCannotCarryWithoutPrintingItsSecrets(CapturedOutput output) {
		assertStartupFails("--forwarder.accounts.main.events-url=https://core.authing.cn/s3cr3t/events",
				"--wechat.accounts.main.app-id=wx1", "--wechat.accounts.main.app-secret=app-s3cr3t",
				"--wechat.accounts.main.token=tok123");
		assertThat(output).contains("Invalid configuration: forwarder.accounts.main.format must be verbatim")
			.doesNotContain("s3cr3t")
			.doesNotContain("tok123");
	}

	@Test
	void shouldRefuseAZeroMaxAge(CapturedOutput output) {
		assertStartupFails("--forwarder.accounts.main.events-url=https://core.authing.cn/events",
				"--forwarder.relay.max-age=0s");
		assertThat(output).contains("Property: forwarder.relay.maxAge").contains("Reason: must be positive");
	}

	private static void assertStartupFails(String... args) {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
		SpringApplication application = new SpringApplication(ForwarderApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
				// started: the assertion fails
			}
		});
	}

}
