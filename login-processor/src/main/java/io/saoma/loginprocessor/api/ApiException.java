package io.saoma.loginprocessor.api;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A request the login API refuses, with the status and {@link ApiError} it is answered with. Raised wherever the
 * refusal is decided and answered in one place, the error handler of {@link QrLoginRoutes}.
 */
public final class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	ApiException(HttpStatus status, String error, String message) {
		super(message, null, false, false);
		this.status = status;
		this.error = error;
	}

	/**
	 * A body that is unreadable or breaks a rule: 400 {@code bad_request}.
	 * @param message what is wrong with it
	 * @return the exception
	 */
	static ApiException badRequest(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", message);
	}

	/**
	 * The status of the answer.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * The error code of the answer.
	 * @return the code, e.g. {@code bad_request}
	 */
	public String error() {
		return this.error;
	}

	Mono<ServerResponse> answer() {
		return ApiError.answer(this.status, this.error, getMessage());
	}

}
