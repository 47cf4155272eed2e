package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;

import io.saoma.common.config.HttpUrl;
import io.saoma.common.config.PositiveDuration;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how the WeChat API is called: {@code wechat.api.*}. The URLs are configurable
 * so that tests and proxies can stand in for WeChat.
 *
 * @param baseUrl the API ({@code stable_token}, {@code qrcode/create}): WeChat's address
 * or that of a proxy in front of it
 * @param qrImageBaseUrl where QR code images are fetched from ({@code showqrcode})
 * @param timeout the deadline for one whole HTTP call, from connecting to the last byte
 * of the answer
 * @param tokenRefreshMargin how long before its expiry a cached access token is replaced
 */
@Validated
@ConfigurationProperties("wechat.api")
public record WechatApiProperties(@DefaultValue("https://api.weixin.qq.com") @HttpUrl URI baseUrl,
		@DefaultValue("https://mp.weixin.qq.com") @HttpUrl URI qrImageBaseUrl,
		@DefaultValue("5s") @PositiveDuration Duration timeout,
		@DefaultValue("5m") @DurationMin(seconds = 0, message = "must not be negative") Duration tokenRefreshMargin) {

}
