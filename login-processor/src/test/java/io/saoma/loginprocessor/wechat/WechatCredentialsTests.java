package io.saoma.loginprocessor.wechat;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WechatCredentialsTests {

	@Test
	void shouldNeverPrintTheAppSecret() {
		WechatCredentials credentials = new WechatCredentials("main", "wx1234567890abcdef", "s3cr3t");

		assertThat(credentials.toString()).contains("main", "wx1234567890abcdef").doesNotContain("s3cr3t");
	}

	@Test
	void shouldNameTheMissingPropertyButNotTheSecret() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new WechatCredentials("main", "wx1234567890abcdef", " "))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("wechat.accounts.main.app-secret"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new WechatCredentials("main", null, "s3cr3t"))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("wechat.accounts.main.app-id"))
			.withMessageNotContaining("s3cr3t");
	}

}
