package io.saoma.loginprocessor.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.topology.LoginCodes;
import io.saoma.schemas.login.LoginState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The login API's handlers: each reads the request, asks the piece that decides, and
 * writes the answer. What they refuse they raise as an {@link ApiException}, answered by
 * {@link ApiErrors}; the redeem key is checked before the handler
 * ({@link BearerApiKey#redeem}); requests about one login are answered where it lives
 * ({@link OwnerRouting}).
 */
public class QrLoginHandler {

	private static final int MAX_IDEMPOTENCY_KEY = 200;

	private static final int DEFAULT_PNG_SIZE = 280;

	private static final MediaType QR_SVG = MediaType.parseMediaType("image/svg+xml");

	private final LoginStarter starter;

	private final StartRules rules;

	private final StatusStreams streams;

	private final Redemptions redemptions;

	private final OwnerRouting owners;

	private final LoginLimits limits;

	private final ClientAddresses clients;

	private final Clock clock;

	public QrLoginHandler(LoginStarter starter, StatusStore store, StatusStreams streams, Redemptions redemptions,
			OwnerProxy proxy, LoginProperties properties, LoginLimits limits, ClientAddresses clients, Clock clock) {
		this.starter = starter;
		this.rules = new StartRules(starter, properties);
		this.streams = streams;
		this.redemptions = redemptions;
		this.owners = new OwnerRouting(store, proxy);
		this.limits = limits;
		this.clients = clients;
		this.clock = clock;
	}

	/**
	 * {@code POST /api/qr-logins} {@code {"account": "...", "ttlSeconds": 300,
	 * "codeChallenge": "..."}}: checked against the configuration ({@link StartRules}),
	 * then counted against the client's and the account's start limits, and only then
	 * passed to WeChat.
	 */
	public Mono<ServerResponse> start(ServerRequest request) {
		return JsonBodies.read(request, StartRequest.class, StartRequest.SHAPE).flatMap((body) -> {
			Duration ttl = this.rules.admit(body);
			this.limits.start(this.clients.of(request.exchange().getRequest()), body.account());
			return this.starter.start(body.account(), ttl, body.codeChallenge());
		})
			.flatMap((login) -> ServerResponse.created(URI.create("/api/qr-logins/" + login.loginId()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(login));
	}

	/** {@code GET /api/qr-logins/{loginId}}. */
	public Mono<ServerResponse> status(ServerRequest request) {
		String loginId = request.pathVariable("loginId");
		return this.owners.answer(request, loginId, null,
				() -> this.streams.current(loginId)
					.flatMap((status) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(StatusView.of(status)))
					.switchIfEmpty(Mono.error(QrLoginHandler::unknownLogin)));
	}

	/**
	 * {@code GET /api/qr-logins/{loginId}/events}: Server-Sent Events until the login is
	 * decided. While the login cannot be served (rebalancing, its owner not answering),
	 * the answer is not 503, which would make EventSource give up for good, but a stream
	 * that only says when to reconnect ({@code retry}) and ends.
	 */
	public Mono<ServerResponse> events(ServerRequest request) {
		String loginId = request.pathVariable("loginId");
		return this.owners.answer(request, loginId, null,
				() -> this.streams.open(loginId, this.clients.of(request.exchange().getRequest()))
					.flatMap((events) -> ServerResponse.ok()
						.contentType(MediaType.TEXT_EVENT_STREAM)
						.body(events, ServerSentEvent.class))
					.switchIfEmpty(Mono.error(QrLoginHandler::unknownLogin)),
				this::reconnectLater);
	}

	/**
	 * {@code GET /api/qr-logins/{loginId}/qr.svg} and {@code qr.png?size=}: the login's
	 * QR code drawn by this server ({@link QrImages}) from the content WeChat gave its
	 * ticket, so a page needs no QR library. Only while the login waits for a scan: once
	 * it is decided or expired the image is gone, 410 {@code qr_unavailable}. Never
	 * cached, so no proxy keeps serving a used code.
	 */
	public Mono<ServerResponse> qrSvg(ServerRequest request) {
		return qrImage(request, QR_SVG, QrImages::svg);
	}

	/** {@code GET /api/qr-logins/{loginId}/qr.png?size=280}: see {@link #qrSvg}. */
	public Mono<ServerResponse> qrPng(ServerRequest request) {
		int size = pngSize(request);
		return qrImage(request, MediaType.IMAGE_PNG, (content) -> QrImages.png(content, size));
	}

	private Mono<ServerResponse> qrImage(ServerRequest request, MediaType type, Function<String, byte[]> draw) {
		String loginId = request.pathVariable("loginId");
		return this.owners.answer(request, loginId, null,
				() -> this.streams.current(loginId)
					.switchIfEmpty(Mono.error(QrLoginHandler::unknownLogin))
					.flatMap((status) -> {
						if (status.getState() != LoginState.PENDING || status.getQrContent() == null
								|| !this.clock.instant().isBefore(status.getExpiresAt())) {
							return Mono.error(new ApiException(HttpStatus.GONE, "qr_unavailable",
									"this login no longer waits for a scan; start a new one", null));
						}
						return ServerResponse.ok()
							.contentType(type)
							.cacheControl(CacheControl.noStore())
							.bodyValue(draw.apply(status.getQrContent()));
					}));
	}

	private static int pngSize(ServerRequest request) {
		String size = request.queryParam("size").orElse(null);
		if (size == null) {
			return DEFAULT_PNG_SIZE;
		}
		try {
			int pixels = Integer.parseInt(size);
			if (pixels >= QrImages.MIN_PNG_SIZE && pixels <= QrImages.MAX_PNG_SIZE) {
				return pixels;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest(
				"size must be a whole number of pixels, " + QrImages.MIN_PNG_SIZE + " to " + QrImages.MAX_PNG_SIZE);
	}

	private Mono<ServerResponse> reconnectLater(String message) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(Flux.just(this.streams.reconnectLater(message)), ServerSentEvent.class);
	}

	/**
	 * {@code POST /api/qr-logins/redeem} {@code {"code": "..."}} with an optional
	 * {@code Idempotency-Key} (see {@link Redemptions}); the caller was authenticated
	 * before ({@link BearerApiKey#redeem}).
	 */
	public Mono<ServerResponse> redeem(ServerRequest request) {
		return JsonBodies.read(request, RedeemRequest.class, RedeemRequest.SHAPE).flatMap((body) -> {
			String loginId = LoginCodes.loginIdOf(body.code());
			if (loginId == null) {
				throw ApiException.notFound("unknown_code", "no login has this code");
			}
			String idempotencyKey = idempotencyKey(request);
			return this.owners.answer(request, loginId, body, () -> this.redemptions
				.redeem(loginId, body.code(), body.codeVerifier(), idempotencyKey)
				.flatMap(
						(identity) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(identity)));
		});
	}

	private static String idempotencyKey(ServerRequest request) {
		String key = request.headers().firstHeader(Redemptions.IDEMPOTENCY_KEY);
		if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
			throw ApiException
				.badRequest(Redemptions.IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
		}
		return key;
	}

	private static ApiException unknownLogin() {
		return ApiException.notFound("unknown_login", "no login has this id (or it was removed)");
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
