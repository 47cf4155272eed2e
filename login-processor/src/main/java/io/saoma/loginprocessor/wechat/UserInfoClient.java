package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.saoma.loginprocessor.wechat.WechatErrors.Call;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Asks {@code cgi-bin/user/info} about one user of one account, with the account's one
 * token holder. As with {@link QrCodeClient}, a rejected access token is replaced and the
 * call retried once. The openid travels only in the request's query (a template
 * variable): it is in no log line and no metric tag.
 */
public class UserInfoClient {

	private final AccessTokenHolder tokens;

	private final WechatHttp http;

	private final String template;

	/**
	 * Creates the client of an account.
	 * @param tokens the account's token holder
	 * @param webClient Boot's builder (observed calls), with the connector to use
	 * @param baseUrl {@code wechat.api.base-url}
	 * @param timeout the deadline of one call (a redemption waits for it)
	 */
	public UserInfoClient(AccessTokenHolder tokens, WebClient.Builder webClient, URI baseUrl, Duration timeout) {
		this.tokens = tokens;
		this.http = new WechatHttp(webClient, timeout);
		this.template = Endpoints.template(baseUrl, "/cgi-bin/user/info")
				+ "?access_token={access_token}&openid={openid}&lang=zh_CN";
	}

	/**
	 * Asks about a user.
	 * @param openId the user's openid for this account
	 * @return what WeChat says, or a {@link WechatApiException} (errcode 40003 for an
	 * openid the account does not know)
	 */
	public Mono<UserInfo> get(String openId) {
		return this.tokens.withToken((token) -> get(token, openId));
	}

	/** Our id of the account. */
	public String account() {
		return this.tokens.account();
	}

	private Mono<UserInfo> get(String token, String openId) {
		return this.http.get(this.template, Map.of("access_token", token, "openid", openId),
				new Call("user/info", account()), UserInfoClient::read);
	}

	static UserInfo read(JsonNode answer) {
		JsonNode subscribe = answer.get("subscribe");
		if (subscribe == null || !subscribe.isIntegralNumber()) {
			return null;
		}
		return new UserInfo(subscribe.intValue() == 1, text(answer, "unionid"), text(answer, "subscribe_scene"),
				text(answer, "language"));
	}

	private static String text(JsonNode answer, String field) {
		JsonNode value = answer.get(field);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

}
