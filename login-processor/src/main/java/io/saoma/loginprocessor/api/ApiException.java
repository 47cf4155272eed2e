package io.saoma.loginprocessor.api;

import org.springframework.http.HttpStatus;

/**
 * A request the login API refuses, with the status and {@link ApiError} it is answered
 * with (and {@code Retry-After} when waiting helps). Raised wherever the refusal is
 * decided and answered in one place, {@link ApiErrors} (or {@link LoginApiGuard} for what
 * it refuses before any route).
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
	 * A resource that does not exist: 404.
	 * @param error the code, e.g. {@code unknown_login}
	 * @param message what was not found
	 * @return the exception
	 */
	static ApiException notFound(String error, String message) {
		return new ApiException(HttpStatus.NOT_FOUND, error, message);
	}

	/**
	 * Cannot be answered now, retrying shortly may work: 503 {@code unavailable} with
	 * {@code Retry-After: 1}.
	 * @param message why
	 * @return the exception
	 */
	static ApiException unavailable(String message) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, 1L);
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

}
