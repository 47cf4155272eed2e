package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class WechatApiPropertiesTests {

	private static final URI API = URI.create("https://api.weixin.qq.com");

	private static final URI IMAGES = URI.create("https://mp.weixin.qq.com");

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldDefaultToWechatWithAFiveSecondDeadlineAndAFiveMinuteMargin() {
		WechatApiProperties properties = bind(Map.of());

		assertThat(properties)
			.isEqualTo(new WechatApiProperties(API, IMAGES, Duration.ofSeconds(5), Duration.ofMinutes(5)));
	}

	@Test
	void shouldBindOverrides() {
		WechatApiProperties properties = bind(Map.of("wechat.api.base-url", "http://127.0.0.1:8089/wx",
				"wechat.api.timeout", "2s", "wechat.api.token-refresh-margin", "10m"));

		assertThat(properties.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089/wx"));
		assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(10));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://api.weixin.qq.com", "api.weixin.qq.com", "file:///etc/passwd", "https:///path" })
	void shouldRejectABaseUrlThatIsNotHttp(String url) {
		this.checks.assertRefused("baseUrl", "must be an http(s) URL with a host", "wechat.api.base-url=" + url);
		this.checks.assertRefused("qrImageBaseUrl", "must be an http(s) URL with a host",
				"wechat.api.qr-image-base-url=" + url);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0s", "-1s" })
	void shouldRejectATimeoutThatIsNotPositive(String timeout) {
		this.checks.assertRefused("timeout", "must be positive", "wechat.api.timeout=" + timeout);
	}

	@Test
	void shouldRejectANegativeRefreshMargin() {
		this.checks.assertRefused("tokenRefreshMargin", "must not be negative", "wechat.api.token-refresh-margin=-1s");
		assertThat(
				this.checks.bind(WechatApiProperties.class, "wechat.api.token-refresh-margin=0s").tokenRefreshMargin())
			.isZero();
	}

	@EnableConfigurationProperties(WechatApiProperties.class)
	static class Properties {

	}

	private static WechatApiProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("wechat.api",
				WechatApiProperties.class);
	}

}
