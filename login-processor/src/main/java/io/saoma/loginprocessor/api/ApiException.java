package io.saoma.loginprocessor.api;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A request the login API refuses, with the status and {@link ApiError} it is answered
 * with (and {@code Retry-After} when waiting helps). Raised wherever the refusal is
 * decided and answered in one place, the error handler of {@link QrLoginRoutes} (or
 * {@link LoginApiGuard} for what it refuses).
 */
public final class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final Long retryAfterSeconds;

	ApiException(HttpStatus status, String error, String message) {
		this(status, error, message, null);
	}

	ApiException(HttpStatus status, String error, String message, Long retryAfterSeconds) {
		super(message, null, false, false);
		this.status = status;
		this.error = error;
		this.retryAfterSeconds = retryAfterSeconds;
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
	 * A limit is used up: 429 {@code too_many_requests} with {@code Retry-After}.
	 * @param message which limit
	 * @param retryAfterSeconds when to retry
	 * @return the exception
	 */
	static ApiException tooManyRequests(String message, long retryAfterSeconds) {
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", message, retryAfterSeconds);
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

	/**
	 * The seconds the caller should wait before retrying.
	 * @return the seconds, or {@code null} for no {@code Retry-After}
	 */
	public Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	Mono<ServerResponse> answer() {
		ServerResponse.BodyBuilder answer = ServerResponse.status(this.status).contentType(MediaType.APPLICATION_JSON);
		if (this.retryAfterSeconds != null) {
			answer.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
		return answer.bodyValue(new ApiError(this.error, getMessage()));
	}

}
