package io.saoma.loginprocessor.wechat;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WeChat clients of every account (QR codes, user info, customer-service messages),
 * sharing one pooled HTTP client and, per account, the one {@link AccessTokenHolder}: two
 * token holders of one AppID would renew the token behind each other's back.
 */
public class WechatClients {

	private final Map<String, AccessTokenHolder> tokens = new LinkedHashMap<>();

	private final Map<String, String> appIds = new LinkedHashMap<>();

	private final WebClient.Builder webClient;

	private final WechatApiProperties api;

	/**
	 * Creates the token holders.
	 * @param accounts the credentials by account id
	 * @param webClientBuilder Boot's builder (observed calls)
	 * @param api {@code wechat.api.*}
	 * @param clock the clock tokens expire by
	 * @param registry where the token holders count their refreshes
	 */
	public WechatClients(Map<String, WechatCredentials> accounts, WebClient.Builder webClientBuilder,
			WechatApiProperties api, Clock clock, MeterRegistry registry) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(api.timeout().toMillis(), 5000));
		this.webClient = webClientBuilder.clientConnector(new ReactorClientHttpConnector(http));
		this.api = api;
		accounts.forEach((id, credentials) -> {
			this.tokens.put(id, new AccessTokenHolder(credentials, this.webClient, api, clock, registry));
			this.appIds.put(id, credentials.appId());
		});
	}

	/** The account ids, in configuration order. */
	public Set<String> accounts() {
		return this.tokens.keySet();
	}

	/**
	 * The AppID of an account.
	 * @param account the account id
	 * @return its AppID
	 */
	public String appId(String account) {
		tokens(account);
		return this.appIds.get(account);
	}

	/**
	 * A QR code client of an account.
	 * @param account the account id
	 * @return the client
	 */
	public QrCodeClient qrCodes(String account) {
		return new QrCodeClient(tokens(account), this.webClient, this.api);
	}

	/**
	 * A {@code user/info} client of an account.
	 * @param account the account id
	 * @param timeout the deadline of one call, at most {@code wechat.api.timeout}
	 * @return the client
	 */
	public UserInfoClient userInfo(String account, Duration timeout) {
		Duration deadline = (timeout.compareTo(this.api.timeout()) < 0) ? timeout : this.api.timeout();
		return new UserInfoClient(tokens(account), this.webClient, this.api.baseUrl(), deadline);
	}

	/**
	 * A customer-service message client of an account (the login confirmation).
	 * @param account the account id
	 * @return the client
	 */
	public CustomMessageClient customMessages(String account) {
		return new CustomMessageClient(tokens(account), this.webClient, this.api);
	}

	private AccessTokenHolder tokens(String account) {
		AccessTokenHolder holder = this.tokens.get(account);
		if (holder == null) {
			throw new IllegalArgumentException("no account " + account);
		}
		return holder;
	}

}
