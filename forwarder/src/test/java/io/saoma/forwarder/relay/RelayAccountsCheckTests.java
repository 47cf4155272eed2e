package io.saoma.forwarder.relay;

import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RelayAccountsCheckTests {

	private static final String URL = "https://core.authing.cn/connections/social/x/pool/events";

	@Test
	void shouldRefuseTheDemoFormatForAPlaintextAccount() {
		ForwarderProperties relay = properties(Format.AUTHING_DEMO);
		WechatAccountsProperties plaintext = accounts("wx1", null);
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayAccountsCheck.check(relay, plaintext))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.property())
				.isEqualTo("forwarder.accounts.main.format"));
	}

	@Test
	void shouldAcceptVerbatimForAPlaintextAccountAndTheDemoFormatForAnEncryptedOne() {
		WechatAccountsProperties plaintext = accounts("wx1", null);
		assertThatNoException().isThrownBy(() -> RelayAccountsCheck.check(properties(Format.VERBATIM), plaintext));
		WechatAccountsProperties safe = accounts("wx1", "A".repeat(43));
		assertThatNoException().isThrownBy(() -> RelayAccountsCheck.check(properties(Format.AUTHING_DEMO), safe));
		assertThatNoException().isThrownBy(() -> RelayAccountsCheck.check(properties(Format.AUTHING_DEMO),
				new WechatAccountsProperties(Map.of())));
	}

	private static WechatAccountsProperties accounts(String appId, String encodingAesKey) {
		return new WechatAccountsProperties(Map.of("main",
				new WechatAccountsProperties.Account(appId, null, "tok123", encodingAesKey, null, null)));
	}

	private static ForwarderProperties properties(Format format) {
		return RelayTestProperties.of(Map.of("main", new Account(URL, format, Events.LOGIN)));
	}

}
