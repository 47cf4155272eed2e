package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.PositiveDuration;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("wechat.api")
public record WechatApiProperties(@DefaultValue("https://api.weixin.qq.com") URI baseUrl,
		@DefaultValue("https://mp.weixin.qq.com") URI qrImageBaseUrl,
		@DefaultValue("5s") @PositiveDuration Duration timeout,
		@DefaultValue("5m") @DurationMin(seconds = 0, message = "must not be negative") Duration tokenRefreshMargin) {

	/**
	 * Checks what no constraint can say of a {@link URI}: an http(s) URL with a host.
	 */
	public WechatApiProperties {
		requireHttpUrl(baseUrl, "wechat.api.base-url", "https://api.weixin.qq.com");
		requireHttpUrl(qrImageBaseUrl, "wechat.api.qr-image-base-url", "https://mp.weixin.qq.com");
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
