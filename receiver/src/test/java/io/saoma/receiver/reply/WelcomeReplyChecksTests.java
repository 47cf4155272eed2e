package io.saoma.receiver.reply;

import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.config.WechatAccounts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WelcomeReplyChecksTests {

	private final WechatAccounts accounts = WechatAccounts.from(new WechatAccountsProperties(Map.of("main",
			new WechatAccountsProperties.Account("wxba5fad812f8e6fb9", null, "AAAAA", "A".repeat(43), null, null))));

	@Test
	void shouldRefuseAWelcomeTextForAnAccountTheReceiverDoesNotServe() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> WelcomeReplyChecks.check(new WelcomeReplyProperties(Map.of("mian", "欢迎")), this.accounts))
			.withMessageContaining("wechat.receiver.welcome.texts.mian")
			.withMessageContaining("main");
	}

	@Test
	void shouldAcceptTheTextsOfServedAccounts() {
		assertThatCode(() -> WelcomeReplyChecks.check(new WelcomeReplyProperties(Map.of("main", "欢迎")), this.accounts))
			.doesNotThrowAnyException();
	}

}
