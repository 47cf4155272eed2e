package io.saoma.localstack.simulator;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * WeChat's customer-service message API ({@code POST /cgi-bin/message/custom/send}) as
 * the login processor calls it for the login confirmation: a valid access token is
 * required (40001 otherwise), only text messages are simulated, and a user who has not
 * interacted with the account in 48 h is refused with 45015, as WeChat does. A message
 * sent lands in the user's chat on the page's phone ({@link ChatInbox}). Kept apart from
 * {@link WechatApiHandler}, which serves the token and QR code calls.
 */
public class CustomServiceApi {

	private final WechatPlatform platform;

	private final ChatInbox inbox;

	private final JsonMapper json = JsonMapper.builder().build();

	public CustomServiceApi(WechatPlatform platform, ChatInbox inbox) {
		this.platform = platform;
		this.inbox = inbox;
	}

	/** {@code POST /cgi-bin/message/custom/send?access_token=...}. */
	public Mono<ServerResponse> send(ServerRequest request) {
		if (!this.platform.isValid(request.queryParam("access_token").orElse(null))) {
			return answer(40001, "invalid credential, access_token is invalid or not latest");
		}
		return request.bodyToMono(String.class).defaultIfEmpty("{}").flatMap((body) -> {
			JsonNode node;
			try {
				node = this.json.readTree(body);
			}
			catch (JacksonException ex) {
				return answer(47001, "data format error");
			}
			String openId = text(node, "touser");
			if (openId == null || openId.isBlank()) {
				return answer(40003, "invalid openid");
			}
			if (!"text".equals(text(node, "msgtype"))) {
				return answer(40008, "invalid message type");
			}
			String content = text(node.path("text"), "content");
			if (content == null || content.isEmpty()) {
				return answer(44004, "empty content");
			}
			if (!this.inbox.mayReceive(openId)) {
				return answer(45015, "response out of time limit or subscription is canceled");
			}
			this.inbox.received(openId, "customer-service", content);
			return answer(0, "ok");
		});
	}

	private Mono<ServerResponse> answer(int errcode, String errmsg) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(this.json
				.writeValueAsString(this.json.createObjectNode().put("errcode", errcode).put("errmsg", errmsg)));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
