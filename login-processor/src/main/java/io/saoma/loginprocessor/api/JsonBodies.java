package io.saoma.loginprocessor.api;

import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Reads the JSON body of a login API request and checks it against its rules: the one
 * place where a body is refused. Every refusal is an {@link ApiException} answered in the
 * documented shape, never Spring's default error body:
 * <ul>
 * <li>415 {@code unsupported_media_type}: the {@code Content-Type} is missing or not
 * JSON;</li>
 * <li>413 {@code too_large}: the body is larger than the codecs' in-memory limit;</li>
 * <li>400 {@code bad_request}: the body is missing, not JSON, JSON of another shape (an
 * array, a string where a number belongs), or breaks a rule of
 * {@link Checked#check()}.</li>
 * </ul>
 */
final class JsonBodies {

	private JsonBodies() {
	}

	/**
	 * Reads and checks a body.
	 * @param <T> the body type
	 * @param request the request
	 * @param type the body type
	 * @param shape the expected JSON in words, quoted in the reason, e.g.
	 * {@code a JSON object with code (string)}
	 * @return the body, or a failed Mono with an {@link ApiException}
	 */
	static <T extends Checked> Mono<T> read(ServerRequest request, Class<T> type, String shape) {
		return Mono.defer(() -> request.bodyToMono(type))
			.onErrorMap((ex) -> !(ex instanceof ApiException), (ex) -> unreadable(ex, shape))
			.switchIfEmpty(Mono.error(() -> ApiException.badRequest("body is missing; send " + shape)))
			.doOnNext(Checked::check);
	}

	private static Throwable unreadable(Throwable ex, String shape) {
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"Content-Type must be application/json");
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", "body is too large");
			}
		}
		if (ex instanceof ServerWebInputException || ex instanceof CodecException) {
			return ApiException.badRequest("body is not " + shape);
		}
		return ex;
	}

	/**
	 * A request body with rules beyond its JSON shape.
	 */
	interface Checked {

		/**
		 * Checks the rules.
		 * @throws ApiException if one is broken
		 */
		void check();

	}

}
