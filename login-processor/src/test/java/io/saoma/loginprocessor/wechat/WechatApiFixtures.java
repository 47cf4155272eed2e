package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;

import io.saoma.testsupport.wechat.FakeWechatApi;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * An account's credentials and the API settings that point the login processor's WeChat
 * clients at a {@link FakeWechatApi}.
 */
final class WechatApiFixtures {

	static final String SECRET = "s3cr3t-app-secret-0123456789abcdef";

	static final WechatCredentials CREDENTIALS = new WechatCredentials("main", "wx1234567890abcdef", SECRET);

	private WechatApiFixtures() {
	}

	static WechatApiProperties properties(FakeWechatApi wechat) {
		return properties(wechat, Duration.ofSeconds(5));
	}

	static WechatApiProperties properties(FakeWechatApi wechat, Duration timeout) {
		return new WechatApiProperties(wechat.baseUrl(), URI.create("https://mp.weixin.qq.com"), timeout,
				Duration.ofMinutes(5));
	}

	/**
	 * A fresh builder, as Boot would inject one (each client applies its own settings).
	 */
	static WebClient.Builder webClient() {
		return WebClient.builder();
	}

	/** A QR code client of {@link #CREDENTIALS} with its own token holder. */
	static QrCodeClient qrCodeClient(WechatApiProperties properties) {
		return new QrCodeClient(new AccessTokenHolder(CREDENTIALS, webClient(), properties), webClient(), properties);
	}

}
