package io.saoma.localstack.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saoma.localstack.simulator.WechatPlatform.QrCode;
import io.saoma.loginprocessor.wechat.WechatLimits;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * WeChat's API as the login processor calls it: {@code stable_token} (and the older
 * {@code token}), {@code qrcode/create}, {@code showqrcode} and {@code user/info}, with
 * WeChat's answers and error codes (and, like WeChat, {@code text/plain} JSON).
 */
public class WechatApiHandler {

	private final WechatPlatform platform;

	private final boolean openPlatformBound;

	private final JsonMapper json = JsonMapper.builder().build();

	public WechatApiHandler(WechatPlatform platform) {
		this(platform, false);
	}

	/**
	 * Creates the handler.
	 * @param platform what the platform remembers
	 * @param openPlatformBound whether the demo account is bound to an Open Platform
	 * account, so that {@code user/info} answers a unionid
	 */
	public WechatApiHandler(WechatPlatform platform, boolean openPlatformBound) {
		this.platform = platform;
		this.openPlatformBound = openPlatformBound;
	}

	/** {@code POST /cgi-bin/stable_token}. */
	public Mono<ServerResponse> stableToken(ServerRequest request) {
		return request.bodyToMono(String.class).defaultIfEmpty("{}").flatMap((body) -> {
			JsonNode node = this.json.readTree(body);
			if (!"client_credential".equals(text(node, "grant_type"))) {
				return answer(Map.of("errcode", 40002, "errmsg", "invalid grant_type"));
			}
			String token = this.platform.stableToken(text(node, "appid"), text(node, "secret"));
			if (token == null) {
				return answer(Map.of("errcode", 40125, "errmsg", "invalid appsecret"));
			}
			return answer(Map.of("access_token", token, "expires_in", 7200));
		});
	}

	/** {@code GET /cgi-bin/token?grant_type=client_credential&appid=...&secret=...}. */
	public Mono<ServerResponse> token(ServerRequest request) {
		if (!"client_credential".equals(request.queryParam("grant_type").orElse(null))) {
			return answer(Map.of("errcode", 40002, "errmsg", "invalid grant_type"));
		}
		String token = this.platform.token(request.queryParam("appid").orElse(null),
				request.queryParam("secret").orElse(null));
		if (token == null) {
			return answer(Map.of("errcode", 40125, "errmsg", "invalid appsecret"));
		}
		return answer(Map.of("access_token", token, "expires_in", 7200));
	}

	/** {@code POST /cgi-bin/qrcode/create?access_token=...}. */
	public Mono<ServerResponse> createQrCode(ServerRequest request) {
		if (!this.platform.isValid(request.queryParam("access_token").orElse(null))) {
			return answer(
					Map.of("errcode", 40001, "errmsg", "invalid credential, access_token is invalid or not latest"));
		}
		return request.bodyToMono(String.class).defaultIfEmpty("{}").flatMap((body) -> {
			JsonNode node = this.json.readTree(body);
			String action = text(node, "action_name");
			if (!"QR_STR_SCENE".equals(action) && !"QR_SCENE".equals(action)) {
				return answer(Map.of("errcode", 40052, "errmsg", "invalid action name"));
			}
			JsonNode scene = node.path("action_info").path("scene");
			String sceneValue = scene.has("scene_str") ? scene.path("scene_str").asString()
					: scene.path("scene_id").asString();
			if (sceneValue == null || sceneValue.isEmpty() || sceneValue.length() > 64) {
				return answer(Map.of("errcode", 40053, "errmsg", "invalid action info"));
			}
			// like WeChat: 30 s when omitted, 30 days at most
			long expire = Math.min(node.path("expire_seconds").asLong(30), WechatLimits.MAX_QR_CODE_TTL_SECONDS);
			QrCode code = this.platform.create(sceneValue, expire);
			return answer(Map.of("ticket", code.ticket(), "expire_seconds", expire, "url", code.content()));
		});
	}

	/**
	 * {@code GET /cgi-bin/showqrcode?ticket=...}: the QR code as a PNG image, 404 for an
	 * unknown ticket.
	 */
	public Mono<ServerResponse> showQrCode(ServerRequest request) {
		QrCode code = this.platform.byTicket(request.queryParam("ticket").orElse(""));
		if (code == null) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok().contentType(MediaType.IMAGE_PNG).bodyValue(QrImages.png(code.content(), 280));
	}

	/**
	 * {@code GET /cgi-bin/user/info?access_token=...&openid=...&lang=zh_CN}: a follower
	 * of the demo account (a user who scanned one of its codes), with a unionid if the
	 * account is bound to an Open Platform account; 40003 for an openid the platform
	 * never saw.
	 */
	public Mono<ServerResponse> userInfo(ServerRequest request) {
		if (!this.platform.isValid(request.queryParam("access_token").orElse(null))) {
			return answer(
					Map.of("errcode", 40001, "errmsg", "invalid credential, access_token is invalid or not latest"));
		}
		String openId = request.queryParam("openid").orElse(null);
		WechatPlatform.Follower follower = this.platform.follower(openId);
		if (follower == null) {
			return answer(Map.of("errcode", 40003, "errmsg", "invalid openid"));
		}
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("subscribe", 1);
		user.put("openid", openId);
		user.put("language", "zh_CN");
		user.put("subscribe_time", follower.followedAt().getEpochSecond());
		if (this.openPlatformBound) {
			user.put("unionid", WechatPlatform.unionIdOf(openId));
		}
		user.put("remark", "");
		user.put("groupid", 0);
		user.put("tagid_list", List.of());
		user.put("subscribe_scene", follower.subscribeScene());
		user.put("qr_scene", 0);
		user.put("qr_scene_str", "");
		return answer(user);
	}

	private Mono<ServerResponse> answer(Map<String, Object> body) {
		return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(this.json.writeValueAsString(body));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
