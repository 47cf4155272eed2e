package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the WeChat API is called: {@code wechat.api.*}. The URLs are configurable
 * so that tests and proxies can stand in for WeChat.
 *
 * @param baseUrl the API ({@code stable_token}, {@code qrcode/create})
 * @param qrImageBaseUrl where QR code images are fetched from ({@code showqrcode})
 * @param timeout the deadline for one whole HTTP call, from connecting to the last byte
 * of the answer
 * @param tokenRefreshMargin how long before its expiry a cached access token is replaced
 */
@ConfigurationProperties("wechat.api")
public record WechatApiProperties(@DefaultValue("https://api.weixin.qq.com") URI baseUrl,
		@DefaultValue("https://mp.weixin.qq.com") URI qrImageBaseUrl, @DefaultValue("5s") Duration timeout,
		@DefaultValue("5m") Duration tokenRefreshMargin) {

	public WechatApiProperties {
		requireHttpUrl(baseUrl, "wechat.api.base-url", "https://api.weixin.qq.com");
		requireHttpUrl(qrImageBaseUrl, "wechat.api.qr-image-base-url", "https://mp.weixin.qq.com");
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationException("wechat.api.timeout", "must be positive",
					"Use a duration such as 5s; WeChat usually answers within a second.");
		}
		if (tokenRefreshMargin == null || tokenRefreshMargin.isNegative()) {
			throw new InvalidConfigurationException("wechat.api.token-refresh-margin", "must not be negative",
					"Use a duration such as 5m; WeChat renews a stable token 5 minutes before it expires.");
		}
	}

	private static void requireHttpUrl(URI url, String property, String example) {
		String scheme = (url != null) ? url.getScheme() : null;
		boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
		if (!http || url.getHost() == null) {
			throw new InvalidConfigurationException(property, "must be an http(s) URL with a host",
					"Use WeChat's address, " + example + ", or that of a proxy in front of it.");
		}
	}

}
