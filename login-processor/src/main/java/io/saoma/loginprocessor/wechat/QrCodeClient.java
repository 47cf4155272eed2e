package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.saoma.loginprocessor.wechat.WechatErrors.Call;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Creates temporary parametric QR codes ({@code qrcode/create}) for one account. A
 * rejected access token is replaced and the call retried once, because another party
 * renewing the token is routine; a second rejection is reported.
 */
public class QrCodeClient {

	/** The longest scene string WeChat accepts. */
	public static final int MAX_SCENE_LENGTH = 64;

	private final AccessTokenHolder tokens;

	private final WechatHttp http;

	private final URI baseUrl;

	private final URI qrImageBaseUrl;

	/**
	 * Creates the client of an account.
	 * @param tokens the account's token holder
	 * @param webClient Boot's builder (observed calls), with the connector to use
	 * @param properties {@code wechat.api.*}
	 */
	public QrCodeClient(AccessTokenHolder tokens, WebClient.Builder webClient, WechatApiProperties properties) {
		this.tokens = tokens;
		this.http = new WechatHttp(webClient, properties.timeout());
		this.baseUrl = properties.baseUrl();
		this.qrImageBaseUrl = properties.qrImageBaseUrl();
	}

	/**
	 * Creates a temporary {@code QR_STR_SCENE} code.
	 * @param sceneStr the scene a scan reports back (1 to 64 characters)
	 * @param ttl how long the code is valid (whole seconds, 1 s to 30 days)
	 * @return the code, or a {@link WechatApiException}
	 * @throws IllegalArgumentException if the scene or the ttl is out of range
	 */
	public Mono<QrCode> createTemporary(String sceneStr, Duration ttl) {
		if (sceneStr == null || sceneStr.isEmpty() || sceneStr.length() > MAX_SCENE_LENGTH) {
			throw new IllegalArgumentException("scene must be 1 to " + MAX_SCENE_LENGTH + " characters");
		}
		if (ttl == null || ttl.getSeconds() < 1 || ttl.compareTo(WechatLimits.MAX_QR_CODE_TTL) > 0) {
			throw new IllegalArgumentException(
					"ttl must be between 1 s and " + WechatLimits.MAX_QR_CODE_TTL_SECONDS + " s");
		}
		ObjectNode body = JsonNodeFactory.instance.objectNode()
			.put("expire_seconds", ttl.getSeconds())
			.put("action_name", "QR_STR_SCENE");
		body.putObject("action_info").putObject("scene").put("scene_str", sceneStr);
		return this.tokens.withToken((token) -> create(token, body, ttl));
	}

	/**
	 * WeChat's ready-made image of {@code code}, under
	 * {@code wechat.api.qr-image-base-url}.
	 */
	public URI imageUrl(QrCode code) {
		return code.imageUrl(this.qrImageBaseUrl);
	}

	/** Our id of the account the codes are for. */
	public String account() {
		return this.tokens.account();
	}

	private Mono<QrCode> create(String token, ObjectNode body, Duration ttl) {
		return this.http.post(
				Endpoints.template(this.baseUrl, "/cgi-bin/qrcode/create") + "?access_token={access_token}",
				Map.of("access_token", token), body, new Call("qrcode/create", account()),
				(answer) -> read(answer, ttl));
	}

	private static QrCode read(JsonNode answer, Duration ttl) {
		JsonNode ticket = answer.get("ticket");
		JsonNode url = answer.get("url");
		JsonNode expireSeconds = answer.get("expire_seconds");
		if (ticket == null || !ticket.isString() || ticket.stringValue().isBlank() || url == null || !url.isString()
				|| url.stringValue().isBlank()) {
			return null;
		}
		// Temporary codes always come with expire_seconds; should it be missing, the
		// requested lifetime applies.
		long seconds = (expireSeconds != null && expireSeconds.isIntegralNumber()) ? expireSeconds.longValue()
				: ttl.getSeconds();
		return new QrCode(ticket.stringValue(), seconds, url.stringValue());
	}

}
