package io.saoma.loginprocessor.api;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The body of every error answer of the login API. Never carries a stack trace, a secret or an openid.
 *
 * @param error a stable machine-readable code, e.g. {@code unknown_login}
 * @param message a short explanation
 * @param errcode WeChat's errcode when WeChat refused, else {@code null}
 * @param hint what an operator can do about it, else {@code null}
 */
public record ApiError(String error, String message, Integer errcode, String hint) {

	static Mono<ServerResponse> answer(HttpStatus status, String error, String message) {
		return answer(status.value(), new ApiError(error, message, null, null));
	}

	static Mono<ServerResponse> answer(int status, ApiError body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
