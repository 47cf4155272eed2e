package io.saoma.localstack.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.saoma.localstack.DemoAccount;
import io.saoma.loginprocessor.RandomTokens;
import io.saoma.schemas.login.LoginResult;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The page's own API: a phone that scans the QR code on the page, what the fake Authing
 * and the topics saw, and the demo site's sign-in (it redeems the one-time code
 * server-to-server, as a real login service would).
 */
public class SimulatorHandler {

	private static final Duration DECISION_WAIT = Duration.ofSeconds(10);

	private final WechatPlatform platform;

	private final PushSender pushes;

	private final FakeAuthing authing;

	private final TopicWatcher topics;

	private final WebClient loginApi;

	private final SimulatorProperties properties;

	private final Clock clock;

	public SimulatorHandler(WechatPlatform platform, PushSender pushes, FakeAuthing authing, TopicWatcher topics,
			WebClient loginApi, SimulatorProperties properties, Clock clock) {
		this.platform = platform;
		this.pushes = pushes;
		this.authing = authing;
		this.topics = topics;
		this.loginApi = loginApi;
		this.properties = properties;
		this.clock = clock;
	}

	/** {@code GET /sim/api/config}: what the page needs to know. */
	public Mono<ServerResponse> config(ServerRequest request) {
		return json(Map.of("loginApiUrl", this.properties.loginApiUrl().toString(), "account", DemoAccount.ID,
				"newOpenId", newOpenId()));
	}

	/**
	 * {@code POST /sim/api/scan} {@code {"qrContent", "openId", "newFollower"}}: scans a
	 * QR code like WeChat on a phone; WeChat then pushes subscribe (a new follower) or
	 * SCAN (an existing one) to the receiver. Once the receiver took the push, the answer
	 * waits (10 s at most) for what the login processor decided about this scan on
	 * {@code wechat.logins}: a second scan of a used code is REJECTED there, while the
	 * login stays as it was.
	 */
	public Mono<ServerResponse> scan(ServerRequest request) {
		return request.bodyToMono(ScanRequest.class).flatMap((scan) -> {
			WechatPlatform.QrCode code = (scan.qrContent() != null) ? this.platform.byContent(scan.qrContent()) : null;
			if (code == null) {
				return error(HttpStatus.NOT_FOUND, "unknown_qr_code", "WeChat does not know this QR code");
			}
			if (this.platform.isExpired(code)) {
				return error(HttpStatus.GONE, "expired",
						"This QR code has expired: WeChat no longer accepts scans of it");
			}
			String openId = (scan.openId() != null && !scan.openId().isBlank()) ? scan.openId() : newOpenId();
			long createTime = this.clock.instant().getEpochSecond();
			this.platform.scanned(openId, scan.newFollower());
			String message = PushSender.scanMessage(openId, code, scan.newFollower(), createTime);
			String event = scan.newFollower() ? "subscribe" : "SCAN";
			return this.pushes.push(openId, message)
				.flatMap((attempts) -> decision(attempts, code, openId, createTime)
					.map((decision) -> new ScanAnswer(openId, event, attempts, decision))
					.defaultIfEmpty(new ScanAnswer(openId, event, attempts, null)))
				.flatMap(SimulatorHandler::json);
		});
	}

	private Mono<Decision> decision(List<String> attempts, WechatPlatform.QrCode code, String openId, long createTime) {
		if (!attempts.contains("success")) {
			return Mono.empty();
		}
		Instant scannedAt = Instant.ofEpochSecond(createTime);
		return this.topics.loginResults()
			.filter((result) -> code.ticket().equals(result.getTicket()) && openId.equals(result.getOpenId())
					&& scannedAt.equals(result.getScannedAt()))
			.next()
			.map(Decision::of)
			.timeout(DECISION_WAIT, Mono.empty());
	}

	/**
	 * {@code GET /sim/api/login-funnel}: the demo account's funnel in 1-minute windows,
	 * from the login processor's {@code GET /api/login-funnel} with the funnel key, which
	 * stays here; the login processor's status and JSON are passed on as they are.
	 */
	public Mono<ServerResponse> loginFunnel(ServerRequest request) {
		return this.loginApi.get()
			.uri("/api/login-funnel?account={account}&window=1m", DemoAccount.ID)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.properties.funnelApiKey())
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("{}")
				.flatMap((body) -> ServerResponse.status(response.statusCode())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body)));
	}

	/** {@code GET /sim/api/authing}: what the fake Authing received. */
	public Mono<ServerResponse> authing(ServerRequest request) {
		return json(this.authing.received());
	}

	/** {@code GET /sim/api/topics}: the latest records of every topic. */
	public Mono<ServerResponse> topics(ServerRequest request) {
		return json(this.topics.topics());
	}

	/**
	 * {@code POST /demo/session} {@code {"code", "codeVerifier"}}: the demo site signs
	 * the browser in with the identity the code redeems to, and shows only a masked
	 * openid (and, with the profile the login processor adds, a masked unionid). The PKCE
	 * verifier is the one the page made the login's challenge from; without it the login
	 * processor refuses to redeem a code whose login has a challenge.
	 */
	public Mono<ServerResponse> signIn(ServerRequest request) {
		return request.bodyToMono(Map.class)
			.flatMap((body) -> this.loginApi.post()
				.uri("/api/qr-logins/redeem")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.properties.redeemApiKey())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(redemption(body))
				.exchangeToMono((response) -> response.bodyToMono(Map.class)
					.map((identity) -> Map.entry(response.statusCode(), identity)))
				.flatMap((answer) -> {
					if (!answer.getKey().is2xxSuccessful()) {
						return ServerResponse.status(answer.getKey())
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(answer.getValue());
					}
					Map<?, ?> identity = answer.getValue();
					Map<String, Object> session = new java.util.LinkedHashMap<>();
					session.put("account", identity.get("account"));
					session.put("openId", mask(String.valueOf(identity.get("openId"))));
					session.put("newFollower", identity.get("newFollower"));
					session.put("loggedInAt", String.valueOf(identity.get("loggedInAt")));
					if (identity.get("profile") instanceof Map<?, ?> profile) {
						session.put("profile", maskedProfile(profile));
					}
					return json(session);
				}));
	}

	private static Map<String, String> redemption(Map<?, ?> body) {
		Map<String, String> redemption = new java.util.LinkedHashMap<>();
		redemption.put("code", String.valueOf(body.get("code")));
		if (body.get("codeVerifier") instanceof String verifier) {
			redemption.put("codeVerifier", verifier);
		}
		return redemption;
	}

	/**
	 * The profile the login processor looked up (see its {@code login.profile.*}), with
	 * the unionid masked like the openid.
	 */
	private static Map<String, Object> maskedProfile(Map<?, ?> profile) {
		Map<String, Object> masked = new java.util.LinkedHashMap<>();
		profile.forEach((field, value) -> masked.put(String.valueOf(field),
				("unionId".equals(field) && value != null) ? mask(String.valueOf(value)) : value));
		return masked;
	}

	static String mask(String openId) {
		return (openId.length() <= 8) ? "****" : openId.substring(0, 4) + "…" + openId.substring(openId.length() - 3);
	}

	private static String newOpenId() {
		return "o" + RandomTokens.urlSafe(21);
	}

	private static Mono<ServerResponse> json(Object body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Mono<ServerResponse> error(HttpStatus status, String error, String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("error", error, "message", message));
	}

	/**
	 * @param qrContent the content of the QR code (what the phone's camera reads)
	 * @param openId the scanning user, or {@code null} for a new one
	 * @param newFollower whether the user follows the account with this scan
	 */
	public record ScanRequest(String qrContent, String openId, boolean newFollower) {
	}

	/**
	 * @param openId the scanning user
	 * @param event the event WeChat pushed ({@code subscribe} or {@code SCAN})
	 * @param attempts what each delivery attempt got back from the receiver
	 * @param decision what the login processor decided about this scan, or {@code null}
	 * if nothing came in time
	 */
	public record ScanAnswer(String openId, String event, List<String> attempts, Decision decision) {
	}

	/**
	 * What the login processor published on {@code wechat.logins} for one scan.
	 *
	 * @param loginId the login the scanned code belongs to
	 * @param outcome SUCCEEDED or REJECTED
	 * @param reason why it was rejected, or {@code null}
	 */
	public record Decision(String loginId, String outcome, String reason) {

		static Decision of(LoginResult result) {
			return new Decision(result.getLoginId(), result.getOutcome().name(), result.getReason());
		}

	}

}
