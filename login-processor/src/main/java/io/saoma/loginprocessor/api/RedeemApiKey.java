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
 * Lets only the relying party's backend redeem codes: {@code POST /api/qr-logins/redeem}
 * must carry {@code Authorization: Bearer <login.redeem-api-key>}, else it is answered
 * 401 {@code unauthorized} before its body is read. The key is compared in constant time.
 */
final class RedeemApiKey implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final String BEARER = "Bearer ";

	private final byte[] key;

	RedeemApiKey(String key) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (!authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return Mono
				.error(new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "a valid redeem API key is required"));
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
