package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.topology.LoginCodes;
import io.saoma.loginprocessor.wechat.WechatApiException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one error mapping of the login API, applied to every route of
 * {@link QrLoginRoutes}: each failure becomes a status and an {@link ApiError}.
 * <ul>
 * <li>{@link ApiException}: its status, code and message, with {@code Retry-After} when
 * it has one;</li>
 * <li>{@link StatusStore.UnavailableException} (Kafka Streams rebalancing or restoring):
 * 503 {@code unavailable} with {@code Retry-After: 1};</li>
 * <li>{@link WechatApiException}: its status (502 or 503) {@code wechat_error} with
 * WeChat's errcode only: WeChat's errmsg (it names this server's egress IP) and the
 * operator's hint are in the log ({@code WechatHttp}), never in an answer to the
 * anonymous browser;</li>
 * <li>Kafka not acknowledging in time or refusing: 503 {@code kafka_unavailable};</li>
 * <li>a 4xx of Spring's ({@link ResponseStatusException}): its status, named;</li>
 * <li>anything else: 500 {@code internal_error} without any detail (the stack trace goes
 * to the log).</li>
 * </ul>
 */
final class ApiErrors implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final Logger logger = LoggerFactory.getLogger(ApiErrors.class);

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return Mono.defer(() -> next.handle(request)).onErrorResume((ex) -> answer(ex, request));
	}

	static Mono<ServerResponse> answer(Throwable ex, ServerRequest request) {
		if (ex instanceof ApiException refused) {
			return answer(refused);
		}
		if (ex instanceof StatusStore.UnavailableException unavailable) {
			return answer(ApiException.unavailable(unavailable.getMessage()));
		}
		if (ex instanceof WechatApiException refused) {
			return answer(refused.status(),
					new ApiError("wechat_error",
							(refused.status() == HttpStatus.BAD_GATEWAY.value())
									? "WeChat refused the request; see the server log"
									: "WeChat is not answering right now; retry",
							refused.errcode(), null));
		}
		if (isKafkaFailure(ex)) {
			logger.warn("Could not record {} {} in Kafka: {}", request.method(), LoginCodes.redactPath(request.path()),
					ex.toString());
			return answer(HttpStatus.SERVICE_UNAVAILABLE.value(),
					new ApiError("kafka_unavailable", "the login could not be recorded; retry"));
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
			logger.debug("Refused {} {}: {}", request.method(), LoginCodes.redactPath(request.path()), ex.toString());
			return answer(status.getStatusCode().value(),
					new ApiError(code(status.getStatusCode()), reason(status.getStatusCode())));
		}
		logger.error("Unexpected failure of {} {}", request.method(), LoginCodes.redactPath(request.path()), ex);
		return answer(HttpStatus.INTERNAL_SERVER_ERROR.value(),
				new ApiError("internal_error", "unexpected error; the server log has the details"));
	}

	static Mono<ServerResponse> answer(ApiException refused) {
		ServerResponse.BodyBuilder answer = ServerResponse.status(refused.status())
			.contentType(MediaType.APPLICATION_JSON);
		if (refused.retryAfterSeconds() != null) {
			answer.header(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
		}
		return answer.bodyValue(new ApiError(refused.error(), refused.getMessage()));
	}

	/**
	 * Writes a refusal where no route answers (a {@code WebFilter}, see
	 * {@link LoginApiGuard}): the same status, headers and body as {@link #answer}.
	 * @param response the response
	 * @param refused the refusal
	 * @return completion
	 */
	static Mono<Void> write(ServerHttpResponse response, ApiException refused) {
		response.setStatusCode(refused.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		if (refused.retryAfterSeconds() != null) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
		}
		// the codes and messages are constants without characters that need escaping
		String json = "{\"error\":\"" + refused.error() + "\",\"message\":\"" + refused.getMessage() + "\"}";
		DataBuffer body = response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	private static Mono<ServerResponse> answer(int status, ApiError body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static boolean isKafkaFailure(Throwable ex) {
		return AcknowledgedSends.isTimeout(ex) || ex instanceof KafkaException
				|| ex.getCause() instanceof KafkaException;
	}

	private static String code(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(Locale.ROOT) : "client_error";
	}

	private static String reason(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "the request was refused";
	}

}
