package io.saoma.loginprocessor;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.loginprocessor.api.LoginStarter;
import io.saoma.loginprocessor.api.QrCodeIssuer.IssuedQrCode;
import io.saoma.loginprocessor.config.LoginAccounts;
import io.saoma.loginprocessor.wechat.QrCodeClient;
import io.saoma.loginprocessor.wechat.WechatApiProperties;
import io.saoma.loginprocessor.wechat.WechatClients;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the WeChat API: one access-token holder per account and its clients (QR codes,
 * user info), sharing a pooled HTTP client, built from Boot's {@link WebClient.Builder}
 * so that every call is observed ({@code http.client.requests}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WechatAccountsProperties.class)
class WechatApiConfiguration {

	@Bean
	WechatClients wechatClients(WechatAccountsProperties accounts, WechatApiProperties api, Clock clock,
			WebClient.Builder webClientBuilder, MeterRegistry registry) {
		return new WechatClients(LoginAccounts.from(accounts), webClientBuilder, api, clock, registry);
	}

	@Bean
	LoginStarter loginStarter(WechatClients wechatClients, AcknowledgedSends<String, Object> loginSends, Clock clock) {
		Map<String, LoginStarter.Account> starters = new LinkedHashMap<>();
		wechatClients.accounts()
			.forEach((id) -> starters.put(id, account(wechatClients.appId(id), wechatClients.qrCodes(id))));
		return new LoginStarter(starters, loginSends, clock);
	}

	private static LoginStarter.Account account(String appId, QrCodeClient client) {
		return new LoginStarter.Account(appId, (scene, ttl) -> client.createTemporary(scene, ttl)
			.map((qr) -> new IssuedQrCode(qr.ticket(), qr.expireSeconds(), qr.url(), client.imageUrl(qr).toString())));
	}

}
