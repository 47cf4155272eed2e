package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends relay requests over a pooled, keep-alive HTTP client (built from Boot's
 * {@code WebClient.Builder}, so every call is observed as {@code http.client.requests},
 * tagged with its account by {@link RelayObservationConvention}) and classifies the
 * answer: 2xx is done; a timeout, a connection error, 5xx, 408 and 429 may pass and are
 * retried; a redirect (3xx, not followed), 401, 403 and 404 say the events URL is wrong
 * and are retried as failures of the endpoint; any other status is a refusal of the push.
 */
public class RelayClient {

	/**
	 * Lets the endpoint recognise a push it has seen: the push's de-duplication id, the
	 * same for WeChat's retries of it and for ours.
	 */
	public static final String EVENT_ID_HEADER = "X-Saoma-Event-Id";

	/**
	 * The delivery's event id, new for each of WeChat's retries: for operators to trace
	 * one delivery.
	 */
	public static final String DELIVERY_ID_HEADER = "X-Saoma-Delivery-Id";

	private final WebClient client;

	private final Duration timeout;

	public RelayClient(WebClient client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
	}

	/**
	 * Sends one request and waits for the answer.
	 * @param request the request
	 * @throws RelayFailure.Retryable or {@link RelayFailure.Rejected} unless the answer
	 * is 2xx
	 */
	public void send(RelayRequest request) {
		call(request).block();
	}

	/**
	 * Sends one request without waiting: the answer completes the result, on the HTTP
	 * client's event loop.
	 * @param request the request
	 * @return empty once the endpoint answered 2xx; otherwise an error,
	 * {@link RelayFailure.Retryable} or {@link RelayFailure.Rejected}
	 */
	public Mono<Void> call(RelayRequest request) {
		return this.client.post()
			.uri(request.uri())
			.attribute(RelayObservationConvention.ACCOUNT, request.account())
			.header(HttpHeaders.CONTENT_TYPE, request.contentType())
			.headers((headers) -> request.headers().forEach(headers::set))
			.bodyValue(request.body())
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode()))
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof RelayFailure), (ex) -> failed(request, ex))
			.flatMap((status) -> classify(request, status));
	}

	private RelayFailure failed(RelayRequest request, Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String reason = (cause instanceof TimeoutException) ? "no answer within " + this.timeout
				: cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return new RelayFailure.Retryable("relay to " + request.uri().getHost() + " failed: " + reason);
	}

	private static Mono<Void> classify(RelayRequest request, HttpStatusCode status) {
		if (status.is2xxSuccessful()) {
			return Mono.empty();
		}
		int code = status.value();
		String message = "relay to " + request.uri().getHost() + " answered " + code;
		if (status.is5xxServerError() || code == 408 || code == 429) {
			return Mono.error(new RelayFailure.Retryable(message));
		}
		if (isEndpointMisconfigured(code)) {
			return Mono.error(new RelayFailure.EndpointMisconfigured(message + " (is the events URL right?)", code));
		}
		return Mono.error(new RelayFailure.Rejected(message));
	}

	/**
	 * Whether an answer says the events URL is wrong rather than the push: a redirect,
	 * 401, 403 or 404.
	 * @param code the HTTP status
	 * @return whether it does
	 */
	static boolean isEndpointMisconfigured(int code) {
		return (code >= 300 && code < 400) || code == 401 || code == 403 || code == 404;
	}

}
