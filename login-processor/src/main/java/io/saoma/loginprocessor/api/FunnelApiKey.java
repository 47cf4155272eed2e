package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Lets only analysts' tools read the funnel: {@code GET /api/login-funnel} must carry
 * {@code Authorization: Bearer <login.funnel.api-key>}, else it is answered 401
 * {@code unauthorized}; without a configured key the API is off, 404 {@code not_found}. A
 * key of its own, not the redeem key: whoever reads the funnel cannot redeem codes. The
 * key is compared in constant time.
 */
final class FunnelApiKey implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final String BEARER = "Bearer ";

	private final byte[] key;

	/**
	 * Creates the filter.
	 * @param key the key, or {@code null} if the API is off
	 */
	FunnelApiKey(String key) {
		this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (this.key == null) {
			return Mono.error(ApiException.notFound("not_found",
					"the login funnel API is off on this server (login.funnel.api-key is not set)"));
		}
		if (!authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return Mono
				.error(new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "a valid funnel API key is required"));
		}
		return next.handle(request);
	}

	private boolean authorized(String authorization) {
		if (authorization == null || !authorization.startsWith(BEARER)) {
			return false;
		}
		return MessageDigest.isEqual(authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8),
				this.key);
	}

}
