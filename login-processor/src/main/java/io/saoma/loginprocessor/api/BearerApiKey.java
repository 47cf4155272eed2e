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
 * Lets only the holders of one API key through: a request must carry
 * {@code Authorization: Bearer <key>}, else it is answered 401 {@code unauthorized}
 * before its body is read. The key is compared in constant time. Each API has a key of
 * its own, so whoever holds one cannot use another:
 * <ul>
 * <li>{@link #redeem}: only the relying party's backend redeems codes
 * ({@code login.redeem-api-key});</li>
 * <li>{@link #funnel}: only analysts' tools read the funnel
 * ({@code login.funnel.api-key}); without a key that API is off, 404
 * {@code not_found}.</li>
 * </ul>
 */
final class BearerApiKey implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final String BEARER = "Bearer ";

	private final String name;

	private final byte[] key;

	private final String whenOff;

	private BearerApiKey(String name, String key, String whenOff) {
		this.name = name;
		this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
		this.whenOff = whenOff;
	}

	/**
	 * The redeem API's filter.
	 * @param key {@code login.redeem-api-key}, required
	 * @return the filter
	 */
	static BearerApiKey redeem(String key) {
		return new BearerApiKey("redeem", key, null);
	}

	/**
	 * The funnel API's filter.
	 * @param key {@code login.funnel.api-key}, or {@code null} if the API is off
	 * @return the filter
	 */
	static BearerApiKey funnel(String key) {
		return new BearerApiKey("funnel", key,
				"the login funnel API is off on this server (login.funnel.api-key is not set)");
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (this.key == null) {
			return Mono.error(ApiException.notFound("not_found", this.whenOff));
		}
		if (!authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
					"a valid " + this.name + " API key is required"));
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
