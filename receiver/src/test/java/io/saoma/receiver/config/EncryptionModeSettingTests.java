package io.saoma.receiver.config;

import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.schemas.event.EncryptionMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code wechat.accounts.<account>.encryption-mode}: the weakest mode a push is accepted
 * in.
 */
class EncryptionModeSettingTests {

	private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	@Test
	void shouldDefaultToSafeWithAKeyAndToPlaintextWithout() {
		assertThat(mode(KEY, null)).isEqualTo(EncryptionMode.SAFE);
		assertThat(mode(null, null)).isEqualTo(EncryptionMode.PLAINTEXT);
		assertThat(mode(KEY, " ")).isEqualTo(EncryptionMode.SAFE);
	}

	@Test
	void shouldAcceptEachModeInAnyCase() {
		assertThat(mode(KEY, "plaintext")).isEqualTo(EncryptionMode.PLAINTEXT);
		assertThat(mode(KEY, "Compatible")).isEqualTo(EncryptionMode.COMPATIBLE);
		assertThat(mode(KEY, "SAFE")).isEqualTo(EncryptionMode.SAFE);
		assertThat(mode(null, "plaintext")).isEqualTo(EncryptionMode.PLAINTEXT);
	}

	@Test
	void shouldRefuseAnUnknownModeNamingThePropertyNotTheValue() {
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> mode(KEY, "secure-ish"))
			.withMessage("wechat.accounts.main.encryption-mode must be plaintext, compatible or safe")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secure-ish"));
	}

	@Test
	void shouldRefuseAnEncryptedModeWithoutAKey() {
		for (String mode : new String[] { "compatible", "safe" }) {
			assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> mode(null, mode))
				.withMessage(
						"wechat.accounts.main.encoding-aes-key is missing but wechat.accounts.main.encryption-mode is "
								+ mode);
		}
	}

	@Test
	void shouldRefuseAPreviousKeyWithoutACurrentOne() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> WechatAccounts.from(new WechatAccountsProperties(Map.of("main",
					new WechatAccountsProperties.Account("wx1", null, "tok123", null, KEY, "plaintext")))))
			.withMessageStartingWith("wechat.accounts.main.previous-encoding-aes-key is set but")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(KEY));
	}

	@Test
	void shouldBindTheModeFromAnEnvironmentVariable() {
		WechatAccountsProperties properties = EnvironmentBinding
			.bind(Map.of("WECHAT_ACCOUNTS_MAIN_APPID", "wx1", "WECHAT_ACCOUNTS_MAIN_TOKEN", "tok123",
					"WECHAT_ACCOUNTS_MAIN_ENCODINGAESKEY", KEY, "WECHAT_ACCOUNTS_MAIN_ENCRYPTIONMODE", "compatible"));
		assertThat(WechatAccounts.from(properties).find("main").encryptionMode()).isEqualTo(EncryptionMode.COMPATIBLE);
		WechatAccountsProperties defaults = EnvironmentBinding
			.bind(Map.of("WECHAT_ACCOUNTS_MAIN_APPID", "wx1", "WECHAT_ACCOUNTS_MAIN_TOKEN", "tok123"));
		assertThat(WechatAccounts.from(defaults).find("main").encryptionMode()).isEqualTo(EncryptionMode.PLAINTEXT);
	}

	private static EncryptionMode mode(String key, String mode) {
		return WechatAccounts
			.from(new WechatAccountsProperties(
					Map.of("main", new WechatAccountsProperties.Account("wx1", null, "tok123", key, null, mode))))
			.find("main")
			.encryptionMode();
	}

}
