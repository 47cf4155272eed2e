package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.util.Map;

import io.saoma.loginprocessor.wechat.WechatErrors.Call;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends customer-service text messages ({@code message/custom/send}) for one account,
 * with the account's shared token holder. As {@link QrCodeClient} does, a rejected access
 * token is replaced and the call retried once; a second rejection is reported. WeChat
 * gives this call no idempotency key: a call that timed out may still have been
 * delivered.
 */
public class CustomMessageClient {

	private final AccessTokenHolder tokens;

	private final WechatHttp http;

	private final URI baseUrl;

	/**
	 * Creates the client of an account.
	 * @param tokens the account's token holder (the one of {@link WechatClients})
	 * @param webClient Boot's builder (observed calls), with the connector to use
	 * @param properties {@code wechat.api.*}
	 */
	public CustomMessageClient(AccessTokenHolder tokens, WebClient.Builder webClient, WechatApiProperties properties) {
		this.tokens = tokens;
		this.http = new WechatHttp(webClient, properties.timeout());
		this.baseUrl = properties.baseUrl();
	}

	/**
	 * Sends a text message.
	 * @param openId the recipient, an openid of this account
	 * @param content the text
	 * @return completes once WeChat accepted it; else a {@link WechatApiException}
	 */
	public Mono<Void> sendText(String openId, String content) {
		ObjectNode body = JsonNodeFactory.instance.objectNode().put("touser", openId).put("msgtype", "text");
		body.putObject("text").put("content", content);
		return this.tokens.withToken((token) -> send(token, body)).then();
	}

	/** Our id of the account the messages are sent for. */
	public String account() {
		return this.tokens.account();
	}

	private Mono<Boolean> send(String token, ObjectNode body) {
		// a success is {"errcode":0,"errmsg":"ok"}; WechatHttp has turned any other
		// errcode into an exception already
		return this.http.post(
				Endpoints.template(this.baseUrl, "/cgi-bin/message/custom/send") + "?access_token={access_token}",
				Map.of("access_token", token), body, new Call("message/custom/send", account()), (answer) -> true);
	}

}
