package io.saoma.receiver.config;

import java.util.ArrayList;
import java.util.List;

import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.ReceiverApplication;
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
 * Invalid configuration stops the real application at start-up with a report that names
 * the property and never prints the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	private static final String SECRET_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	@Test
	void shouldNameAKeyThatIsNot43CharactersWithoutPrintingIt(CapturedOutput output) {
		String shortKey = SECRET_KEY.substring(2);
		assertStartupFails("--wechat.accounts.main.app-id=wx1234567890abcdef", "--wechat.accounts.main.token=tok123",
				"--wechat.accounts.main.encoding-aes-key=" + shortKey);
		assertThat(output)
			.contains("Invalid configuration: wechat.accounts.main.encoding-aes-key must be 43 characters, was 41.")
			.doesNotContain(shortKey);
	}

	@Test
	void shouldNameAPreviousKeyWithAForbiddenCharacter(CapturedOutput output) {
		String badKey = SECRET_KEY.substring(0, 42) + "=";
		assertStartupFails("--wechat.accounts.main.app-id=wx1234567890abcdef", "--wechat.accounts.main.token=tok123",
				"--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY,
				"--wechat.accounts.main.previous-encoding-aes-key=" + badKey);
		assertThat(output)
			.contains("wechat.accounts.main.previous-encoding-aes-key must contain only letters and digits")
			.doesNotContain(badKey)
			.doesNotContain(SECRET_KEY);
	}

	@Test
	void shouldNameAMissingToken(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.shop.app-id=wx1234567890abcdef",
				"--wechat.accounts.shop.encoding-aes-key=" + SECRET_KEY);
		assertThat(output).contains("Invalid configuration: wechat.accounts.shop.token is missing.")
			.contains("Set it to the Token entered in the WeChat console")
			.doesNotContain(SECRET_KEY);
	}

	@Test
	void shouldNameATokenOfTheWrongShapeWithoutPrintingIt(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1234567890abcdef", "--wechat.accounts.main.token=to",
				"--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY);
		assertThat(output).contains("wechat.accounts.main.token must be 3 to 32 letters or digits")
			.doesNotContain("token=to");
	}

	@Test
	void shouldRefuseAPublishTimeoutBeyondWechatsDeadline(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1234567890abcdef", "--wechat.accounts.main.token=tok123",
				"--wechat.receiver.publish-timeout=6s");
		assertThat(output).contains("Property: wechat.receiver.publishTimeout")
			.contains("Reason: must be positive and at most 4500ms");
	}

	@Test
	void shouldNameAnUnknownEncryptionModeWithoutPrintingIt(CapturedOutput output) {
		assertStartupFails("--wechat.accounts.main.app-id=wx1234567890abcdef", "--wechat.accounts.main.token=tok123",
				"--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY,
				"--wechat.accounts.main.encryption-mode=secure-ish");
		assertThat(output).contains(
				"Invalid configuration: wechat.accounts.main.encryption-mode must be plaintext, compatible or safe.")
			.doesNotContain("secure-ish")
			.doesNotContain(SECRET_KEY);
	}

	@Test
	void shouldNameAnInvalidAccountIdWithoutPrintingTheAccountsSecrets(CapturedOutput output) {
		assertStartupFails("--wechat.accounts[-main].app-id=wx1234567890abcdef",
				"--wechat.accounts[-main].token=tok123", "--wechat.accounts[-main].encoding-aes-key=" + SECRET_KEY);
		assertThat(output).contains("Invalid configuration: wechat.accounts.-main has an invalid account id.")
			.doesNotContain(SECRET_KEY);
	}

	@Test
	void shouldRefuseToStartWithoutAccounts(CapturedOutput output) {
		assertStartupFails();
		assertThat(output).contains("Invalid configuration: wechat.accounts is empty.");
	}

	@Test
	void shouldBindAccountsFromEnvironmentVariables() {
		WechatAccountsProperties properties = EnvironmentBinding
			.bind(java.util.Map.of("WECHAT_ACCOUNTS_MAIN_APPID", "wx1234567890abcdef", "WECHAT_ACCOUNTS_MAIN_TOKEN",
					"tok123", "WECHAT_ACCOUNTS_MAIN_ENCODINGAESKEY", SECRET_KEY));
		WechatAccount account = WechatAccounts.from(properties).find("main");
		assertThat(account.appId()).isEqualTo("wx1234567890abcdef");
		assertThat(account.token()).isEqualTo("tok123");
		assertThat(account.aesKey()).isNotNull();
		assertThat(properties.toString()).doesNotContain(SECRET_KEY).doesNotContain("tok123");
	}

	private static void assertStartupFails(String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.kafka.bootstrap-servers=127.0.0.1:1");
		SpringApplication application = new SpringApplication(ReceiverApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
				// started: the assertion fails
			}
		});
	}

}
