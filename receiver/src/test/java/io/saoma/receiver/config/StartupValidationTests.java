package io.saoma.receiver.config;

import java.util.Map;

import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.ReceiverApplication;
import io.saoma.testsupport.config.StartupChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid configuration stops the real application at start-up with a report that names
 * the property and never prints the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	private final StartupChecks startup = StartupChecks.of(ReceiverApplication.class)
		.withoutWebServer()
		.withArguments("--spring.kafka.bootstrap-servers=127.0.0.1:1");

	private static final String SECRET_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	@Test
	void shouldNameAKeyThatIsNot43CharactersWithoutPrintingIt(CapturedOutput output) {
		String shortKey = SECRET_KEY.substring(2);
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1234567890abcdef",
					"--wechat.accounts.main.token=tok123", "--wechat.accounts.main.encoding-aes-key=" + shortKey)
			.says("Invalid configuration: wechat.accounts.main.encoding-aes-key must be 43 characters, was 41.")
			.neverPrints(shortKey);
	}

	@Test
	void shouldNameAPreviousKeyWithAForbiddenCharacter(CapturedOutput output) {
		String badKey = SECRET_KEY.substring(0, 42) + "=";
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1234567890abcdef",
					"--wechat.accounts.main.token=tok123", "--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY,
					"--wechat.accounts.main.previous-encoding-aes-key=" + badKey)
			.says("wechat.accounts.main.previous-encoding-aes-key must contain only letters and digits")
			.neverPrints(badKey, SECRET_KEY);
	}

	@Test
	void shouldNameAMissingToken(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.shop.app-id=wx1234567890abcdef",
					"--wechat.accounts.shop.encoding-aes-key=" + SECRET_KEY)
			.says("Invalid configuration: wechat.accounts.shop.token is missing.",
					"Set it to the Token entered in the WeChat console")
			.neverPrints(SECRET_KEY);
	}

	@Test
	void shouldNameATokenOfTheWrongShapeWithoutPrintingIt(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1234567890abcdef",
					"--wechat.accounts.main.token=to", "--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY)
			.says("wechat.accounts.main.token must be 3 to 32 letters or digits")
			.neverPrints("token=to", SECRET_KEY);
	}

	@Test
	void shouldRefuseAPublishTimeoutBeyondWechatsDeadline(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1234567890abcdef",
					"--wechat.accounts.main.token=tok123", "--wechat.receiver.publish-timeout=6s")
			.says("Property: wechat.receiver.publishTimeout", "Reason: must be positive and at most 4500ms")
			.neverPrints("tok123");
	}

	@Test
	void shouldNameAnUnknownEncryptionModeWithoutPrintingIt(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--wechat.accounts.main.app-id=wx1234567890abcdef",
					"--wechat.accounts.main.token=tok123", "--wechat.accounts.main.encoding-aes-key=" + SECRET_KEY,
					"--wechat.accounts.main.encryption-mode=secure-ish")
			.says("Invalid configuration: wechat.accounts.main.encryption-mode must be plaintext, compatible or safe.")
			.neverPrints("secure-ish", SECRET_KEY);
	}

	@Test
	void shouldNameAnInvalidAccountIdWithoutPrintingTheAccountsSecrets(CapturedOutput output) {
		this.startup
			.assertFailsToStart(output, "--wechat.accounts[-main].app-id=wx1234567890abcdef",
					"--wechat.accounts[-main].token=tok123", "--wechat.accounts[-main].encoding-aes-key=" + SECRET_KEY)
			.says("Invalid configuration: wechat.accounts.-main has an invalid account id.")
			.neverPrints(SECRET_KEY);
	}

	@Test
	void shouldRefuseToStartWithoutAccounts(CapturedOutput output) {
		this.startup.assertFailsToStart(output).says("Invalid configuration: wechat.accounts is empty.");
	}

	@Test
	void shouldBindAccountsFromEnvironmentVariables() {
		WechatAccountsProperties properties = EnvironmentBinding
			.bind(Map.of("WECHAT_ACCOUNTS_MAIN_APPID", "wx1234567890abcdef", "WECHAT_ACCOUNTS_MAIN_TOKEN", "tok123",
					"WECHAT_ACCOUNTS_MAIN_ENCODINGAESKEY", SECRET_KEY));
		WechatAccount account = WechatAccounts.from(properties).find("main");
		assertThat(account.appId()).isEqualTo("wx1234567890abcdef");
		assertThat(account.token()).isEqualTo("tok123");
		assertThat(account.aesKey()).isNotNull();
		assertThat(properties.toString()).doesNotContain(SECRET_KEY).doesNotContain("tok123");
	}

}
