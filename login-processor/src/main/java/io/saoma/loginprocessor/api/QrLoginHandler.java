package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.topology.LoginCodes;
import io.saoma.loginprocessor.wechat.WechatApiException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The login API. Requests about one login are answered by the instance that owns it in
 * Kafka Streams; any other instance passes them on, so every instance answers for every
 * login.
 */
public class QrLoginHandler {

	private static final Logger logger = LoggerFactory.getLogger(QrLoginHandler.class);

	private static final String BEARER = "Bearer ";

	private static final int MAX_IDEMPOTENCY_KEY = 200;

	private final LoginStarter starter;

	private final StatusStore store;

	private final StatusStreams streams;

	private final Redemptions redemptions;

	private final OwnerProxy proxy;

	private final LoginProperties properties;

	private final LoginLimits limits;

	private final ClientAddresses clients;

	public QrLoginHandler(LoginStarter starter, StatusStore store, StatusStreams streams, Redemptions redemptions,
			OwnerProxy proxy, LoginProperties properties, LoginLimits limits, ClientAddresses clients) {
		this.starter = starter;
		this.store = store;
		this.streams = streams;
		this.redemptions = redemptions;
		this.proxy = proxy;
		this.properties = properties;
		this.limits = limits;
		this.clients = clients;
	}

	/**
	 * {@code POST /api/qr-logins} {@code {"account": "...", "ttlSeconds": 300,
	 * "codeChallenge": "..."}}: checked against {@code login.max-ticket-ttl} and
	 * {@code login.require-code-challenge}, then counted against the client's and the
	 * account's start limits, and only then passed to WeChat.
	 */
	public Mono<ServerResponse> start(ServerRequest request) {
		return JsonBodies.read(request, StartRequest.class, StartRequest.SHAPE).flatMap((body) -> {
			if (!this.starter.knows(body.account())) {
				return ApiError.answer(HttpStatus.NOT_FOUND, "unknown_account",
						"no account is configured under this id");
			}
			long maxTtl = this.properties.maxTicketTtl().toSeconds();
			if (body.ttlSeconds() != null && (body.ttlSeconds() < 1 || body.ttlSeconds() > maxTtl)) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_ttl",
						"ttlSeconds must be between 1 and " + maxTtl);
			}
			if (body.codeChallenge() == null && this.properties.requireCodeChallenge()) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "code_challenge_required",
						"codeChallenge is required: send BASE64URL(SHA-256(codeVerifier)) and redeem the code with the codeVerifier");
			}
			this.limits.start(this.clients.of(request.exchange().getRequest()), body.account());
			Duration ttl = (body.ttlSeconds() != null) ? Duration.ofSeconds(body.ttlSeconds())
					: this.properties.ticketTtl();
			return this.starter.start(body.account(), ttl, body.codeChallenge())
				.flatMap((login) -> ServerResponse.status(HttpStatus.CREATED)
					.header(HttpHeaders.LOCATION, "/api/qr-logins/" + login.loginId())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(login));
		})
			// WeChat's errmsg (it names this server's egress IP) and the operator's hint
			// are in the log (WechatHttp),
			// never in an answer to the anonymous browser
			.onErrorResume(WechatApiException.class, (ex) -> ApiError.answer(ex.status(), new ApiError("wechat_error",
					(ex.status() == HttpStatus.BAD_GATEWAY.value()) ? "WeChat refused the request; see the server log"
							: "WeChat is not answering right now; retry",
					ex.errcode(), null)))
			.onErrorResume(
					(ex) -> AcknowledgedSends.isTimeout(ex) || ex instanceof org.apache.kafka.common.KafkaException
							|| ex.getCause() instanceof org.apache.kafka.common.KafkaException,
					(ex) -> {
						logger.warn("Could not publish a QR ticket: {}", ex.toString());
						return ApiError.answer(HttpStatus.SERVICE_UNAVAILABLE, "kafka_unavailable",
								"the login could not be recorded; retry");
					});
	}

	/** {@code GET /api/qr-logins/{loginId}}. */
	public Mono<ServerResponse> status(ServerRequest request) {
		String loginId = request.pathVariable("loginId");
		return onOwner(request, loginId, null,
				() -> this.streams.current(loginId)
					.flatMap((status) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(StatusView.of(status)))
					.switchIfEmpty(Mono.defer(this::unknownLogin)));
	}

	/**
	 * {@code GET /api/qr-logins/{loginId}/events}: Server-Sent Events until the login is
	 * decided. While the login cannot be served (rebalancing, its owner not answering),
	 * the answer is not 503, which would make EventSource give up for good, but a stream
	 * that only says when to reconnect ({@code retry}) and ends.
	 */
	public Mono<ServerResponse> events(ServerRequest request) {
		String loginId = request.pathVariable("loginId");
		return onOwner(request, loginId, null,
				() -> this.streams.open(loginId, this.clients.of(request.exchange().getRequest()))
					.flatMap((events) -> ServerResponse.ok()
						.contentType(MediaType.TEXT_EVENT_STREAM)
						.body(events, ServerSentEvent.class))
					.switchIfEmpty(Mono.defer(this::unknownLogin)),
				this::reconnectLater);
	}

	private Mono<ServerResponse> reconnectLater(String message) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(Flux.just(this.streams.reconnectLater(message)), ServerSentEvent.class);
	}

	/**
	 * {@code POST /api/qr-logins/redeem} {@code {"code": "..."}} with
	 * {@code Authorization: Bearer <key>} and an optional {@code Idempotency-Key} (see
	 * {@link Redemptions}).
	 */
	public Mono<ServerResponse> redeem(ServerRequest request) {
		if (!authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return ApiError.answer(HttpStatus.UNAUTHORIZED, "unauthorized", "a valid redeem API key is required");
		}
		return JsonBodies.read(request, RedeemRequest.class, RedeemRequest.SHAPE).flatMap((body) -> {
			String loginId = LoginCodes.loginIdOf(body.code());
			if (loginId == null) {
				return ApiError.answer(HttpStatus.NOT_FOUND, "unknown_code", "no login has this code");
			}
			String idempotencyKey = request.headers().firstHeader(Redemptions.IDEMPOTENCY_KEY);
			if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
				throw ApiException
					.badRequest(Redemptions.IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
			}
			return onOwner(request, loginId, body, () -> this.redemptions
				.redeem(loginId, body.code(), body.codeVerifier(), idempotencyKey)
				.flatMap((identity) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(identity))
				.onErrorResume(ApiException.class, ApiException::answer));
		});
	}

	private Mono<ServerResponse> onOwner(ServerRequest request, String loginId, Object readBody,
			Supplier<Mono<ServerResponse>> local) {
		return onOwner(request, loginId, readBody, local, QrLoginHandler::unavailable);
	}

	private Mono<ServerResponse> onOwner(ServerRequest request, String loginId, Object readBody,
			Supplier<Mono<ServerResponse>> local, Function<String, Mono<ServerResponse>> unavailable) {
		try {
			HostInfo owner = this.store.remoteOwnerOf(loginId);
			if (owner == null) {
				return local.get();
			}
			if (OwnerProxy.wasForwarded(request)) {
				return unavailable.apply("this login moved to another instance; retry");
			}
			return ((readBody != null) ? this.proxy.forward(request, owner, readBody)
					: this.proxy.forward(request, owner))
				.onErrorResume((ex) -> unavailable.apply("the instance that owns this login does not answer; retry"));
		}
		catch (StatusStore.UnavailableException ex) {
			return unavailable.apply(ex.getMessage());
		}
	}

	private boolean authorized(String authorization) {
		if (authorization == null || !authorization.startsWith(BEARER)) {
			return false;
		}
		return MessageDigest.isEqual(authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8),
				this.properties.redeemApiKey().getBytes(StandardCharsets.UTF_8));
	}

	private Mono<ServerResponse> unknownLogin() {
		return ApiError.answer(HttpStatus.NOT_FOUND, "unknown_login", "no login has this id (or it was removed)");
	}

	private static Mono<ServerResponse> unavailable(String message) {
		return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ApiError("unavailable", message));
	}

	/**
	 * The body of {@code POST /api/qr-logins}.
	 *
	 * @param account the account id, required
	 * @param ttlSeconds the QR code's lifetime, 1 to {@code login.max-ticket-ttl}, or
	 * {@code null} for {@code login.ticket-ttl}
	 * @param codeChallenge the PKCE S256 challenge, BASE64URL(SHA-256(codeVerifier))
	 * without padding, or {@code null}
	 */
	public record StartRequest(String account, Long ttlSeconds, String codeChallenge) implements JsonBodies.Checked {

		static final String SHAPE = "a JSON object with account (string), optional ttlSeconds (number) and optional codeChallenge (string)";

		@Override
		public void check() {
			if (this.account == null || this.account.isBlank()) {
				throw ApiException.badRequest("account is required");
			}
			if (this.codeChallenge != null && !Pkce.isChallenge(this.codeChallenge)) {
				throw ApiException.badRequest("codeChallenge must be BASE64URL(SHA-256(codeVerifier)) without padding:"
						+ " 43 characters of A-Z, a-z, 0-9, - and _");
			}
		}

	}

	/**
	 * The body of {@code POST /api/qr-logins/redeem}.
	 *
	 * @param code the one-time code the browser received, required
	 * @param codeVerifier the PKCE verifier of the login's {@code codeChallenge},
	 * required if it was started with one
	 */
	public record RedeemRequest(String code, String codeVerifier) implements JsonBodies.Checked {

		static final String SHAPE = "a JSON object with code (string) and optional codeVerifier (string)";

		@Override
		public void check() {
			if (this.code == null || this.code.isBlank()) {
				throw ApiException.badRequest("code is required");
			}
			if (this.codeVerifier != null && !Pkce.isVerifier(this.codeVerifier)) {
				throw ApiException
					.badRequest("codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, -, ., _ and ~");
			}
		}

	}

}
