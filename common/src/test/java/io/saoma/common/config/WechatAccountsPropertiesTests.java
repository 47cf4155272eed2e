package io.saoma.common.config;

import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class WechatAccountsPropertiesTests {

	private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldBindEveryFieldOfAnAccountInConfigurationOrder() {
		this.runner
			.withPropertyValues("wechat.accounts.main.app-id=wx1", "wechat.accounts.main.app-secret=secret1",
					"wechat.accounts.main.token=tok123", "wechat.accounts.main.encoding-aes-key=" + KEY,
					"wechat.accounts.main.previous-encoding-aes-key=" + KEY.toLowerCase(),
					"wechat.accounts.main.encryption-mode=compatible", "wechat.accounts.shop.app-id=wx2")
			.run((context) -> {
				WechatAccountsProperties properties = context.getBean(WechatAccountsProperties.class);
				assertThat(properties.accounts()).containsOnlyKeys("main", "shop");
				assertThat(properties.accounts().get("main")).isEqualTo(new WechatAccountsProperties.Account("wx1",
						"secret1", "tok123", KEY, KEY.toLowerCase(), "compatible"));
				assertThat(properties.accounts().get("main").hasEncodingAesKey()).isTrue();
				assertThat(properties.accounts().get("shop").hasEncodingAesKey()).isFalse();
			});
	}

	@Test
	void shouldBindNoAccounts() {
		this.runner.run((context) -> assertThat(context.getBean(WechatAccountsProperties.class).accounts()).isEmpty());
	}

	@Test
	void shouldRefuseAnInvalidAccountIdNamingIt() {
		this.runner.withPropertyValues("wechat.accounts[-shop].app-id=wx1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage("wechat.accounts.-shop has an invalid account id"));
	}

	@Test
	void shouldNeverShowASecretInTheAccountsText() {
		WechatAccountsProperties properties = new WechatAccountsProperties(Map.of("main",
				new WechatAccountsProperties.Account("wx1", "secret1", "tok123", KEY, KEY.toLowerCase(), "safe")));
		assertThat(properties.toString()).contains("wx1")
			.doesNotContain("secret1")
			.doesNotContain("tok123")
			.doesNotContain(KEY)
			.doesNotContain(KEY.toLowerCase());
	}

	@EnableConfigurationProperties(WechatAccountsProperties.class)
	static class Properties {

	}

}
