package io.saoma.loginprocessor.wechat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.saoma.loginprocessor.wechat.WechatErrors.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Posts JSON to WeChat (or gets from it) and turns every outcome other than a well-formed
 * success into a {@link WechatApiException}. WeChat often labels its JSON
 * {@code text/plain}, so bodies are read as text and parsed here rather than by content
 * negotiation. Neither URLs (they carry the access token) nor bodies (they may carry the
 * token or the secret) are ever logged: the URL is passed as a template, so that the
 * observation of each call ({@code http.client.requests}, from Boot's
 * {@link WebClient.Builder}) is tagged with the template
 * ({@code /cgi-bin/qrcode/create?access_token={access_token}}), never with the token.
 */
final class WechatHttp {

	private static final Logger logger = LoggerFactory.getLogger(WechatHttp.class);

	private final WebClient webClient;

	private final Duration timeout;

	private final JsonMapper json = JsonMapper.shared();

	WechatHttp(WebClient.Builder webClient, Duration timeout) {
		this.webClient = webClient.build();
		this.timeout = timeout;
	}

	/**
	 * Posts {@code body} as JSON, within the configured deadline.
	 * @param uriTemplate the URL, e.g. {@link Endpoints#template} {@code +
	 * "?access_token={access_token}"}
	 * @param uriVariables the values of its variables
	 * @param reader turns a successful answer into the result, or returns {@code null} if
	 * the answer lacks something
	 * @return the result, or a {@link WechatApiException}
	 */
	<T> Mono<T> post(String uriTemplate, Map<String, ?> uriVariables, ObjectNode body, Call call,
			Function<JsonNode, T> reader) {
		return Mono.defer(() -> exchange(this.webClient.post()
			.uri(uriTemplate, uriVariables)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(this.json.writeValueAsString(body)), call, reader));
	}

	/**
	 * Gets a JSON answer, within the configured deadline.
	 * @param uriTemplate the URL with its query, e.g. {@link Endpoints#template} {@code +
	 * "?access_token={access_token}&openid={openid}"}
	 * @param uriVariables the values of its variables
	 * @param reader turns a successful answer into the result, or returns {@code null} if
	 * the answer lacks something
	 * @return the result, or a {@link WechatApiException}
	 */
	<T> Mono<T> get(String uriTemplate, Map<String, ?> uriVariables, Call call, Function<JsonNode, T> reader) {
		return Mono.defer(() -> exchange(this.webClient.get().uri(uriTemplate, uriVariables), call, reader));
	}

	private <T> Mono<T> exchange(WebClient.RequestHeadersSpec<?> request, Call call, Function<JsonNode, T> reader) {
		return request
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.statusCode().value(), text)))
			.timeout(this.timeout)
			.onErrorMap((failure) -> transportFailure(call, failure))
			.handle((Answer answer, SynchronousSink<T> sink) -> interpret(answer, call, reader, sink));
	}

	private <T> void interpret(Answer answer, Call call, Function<JsonNode, T> reader, SynchronousSink<T> sink) {
		JsonNode node = parse(answer.body());
		JsonNode errcode = (node != null) ? node.get("errcode") : null;
		if (errcode != null && errcode.isIntegralNumber() && errcode.intValue() != 0) {
			JsonNode errmsg = node.get("errmsg");
			WechatApiException refused = WechatErrors.refused(call, errcode.intValue(),
					(errmsg != null && errmsg.isString()) ? errmsg.stringValue() : null);
			logger.warn("{}; hint: {}", refused.getMessage(), refused.hint());
			sink.error(refused);
			return;
		}
		if (answer.status() >= 300) {
			sink.error(warned(WechatErrors.httpStatus(call, answer.status()), answer));
			return;
		}
		T result = (node != null) ? reader.apply(node) : null;
		if (result == null) {
			sink.error(warned(WechatErrors.unparseable(call), answer));
			return;
		}
		sink.next(result);
	}

	private JsonNode parse(String text) {
		try {
			JsonNode node = this.json.readTree(text);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private WechatApiException transportFailure(Call call, Throwable failure) {
		if (failure instanceof WechatApiException ex) {
			return ex;
		}
		WechatApiException mapped = (failure instanceof TimeoutException) ? WechatErrors.timedOut(call, this.timeout)
				: WechatErrors.unreachable(call, failure);
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		// The root cause describes the connection (address, TLS, reset); the outer
		// exceptions name the URL.
		logger.warn("{} [{}: {}]; hint: {}", mapped.getMessage(), root.getClass().getName(), root.getMessage(),
				mapped.hint());
		return mapped;
	}

	private static WechatApiException warned(WechatApiException ex, Answer answer) {
		logger.warn("{} [HTTP {}, {} characters]; hint: {}", ex.getMessage(), answer.status(), answer.body().length(),
				ex.hint());
		return ex;
	}

	private record Answer(int status, String body) {
	}

}
