package io.saoma.loginprocessor;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelOption;
import io.saoma.common.AcknowledgedSends;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.loginprocessor.api.LoginStarter;
import io.saoma.loginprocessor.api.QrCodeIssuer.IssuedQrCode;
import io.saoma.loginprocessor.config.LoginAccounts;
import io.saoma.loginprocessor.wechat.AccessTokenHolder;
import io.saoma.loginprocessor.wechat.QrCodeClient;
import io.saoma.loginprocessor.wechat.WechatApiProperties;
import io.saoma.loginprocessor.wechat.WechatCredentials;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the WeChat API: one access-token holder and one QR code client per account,
 * sharing a pooled HTTP client, built from Boot's {@link WebClient.Builder} so that every
 * call is observed ({@code http.client.requests}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WechatAccountsProperties.class)
class WechatApiConfiguration {

	@Bean
	LoginStarter loginStarter(WechatAccountsProperties accounts, WechatApiProperties api,
			AcknowledgedSends<String, Object> loginSends, Clock clock, WebClient.Builder webClientBuilder) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(api.timeout().toMillis(), 5000));
		WebClient.Builder webClient = webClientBuilder.clientConnector(new ReactorClientHttpConnector(http));
		Map<String, LoginStarter.Account> starters = new LinkedHashMap<>();
		LoginAccounts.from(accounts)
			.forEach((id, credentials) -> starters.put(id, account(credentials, webClient, api, clock)));
		return new LoginStarter(starters, loginSends, clock);
	}

	private static LoginStarter.Account account(WechatCredentials credentials, WebClient.Builder webClient,
			WechatApiProperties api, Clock clock) {
		QrCodeClient client = new QrCodeClient(new AccessTokenHolder(credentials, webClient, api, clock), webClient,
				api);
		return new LoginStarter.Account(credentials.appId(), (scene, ttl) -> client.createTemporary(scene, ttl)
			.map((qr) -> new IssuedQrCode(qr.ticket(), qr.expireSeconds(), qr.url(), client.imageUrl(qr).toString())));
	}

}
