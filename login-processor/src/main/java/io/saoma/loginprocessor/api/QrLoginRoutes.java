package io.saoma.loginprocessor.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.saoma.loginprocessor.topology.LoginCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The routes of the login API under {@code /api/qr-logins}. Every answer of these paths,
 * errors included, is JSON in the documented shape ({@link ApiError}): a path that names
 * no resource is 404 {@code not_found}, a method a path does not support 405
 * {@code method_not_allowed} (with {@code Allow}), and an unexpected failure 500
 * {@code internal_error} without any detail (the stack trace goes to the log).
 */
public final class QrLoginRoutes {

	private static final Logger logger = LoggerFactory.getLogger(QrLoginRoutes.class);

	private static final String ALL = "/api/qr-logins/**";

	/** Each path template and the method it answers. */
	private static final Map<PathPattern, HttpMethod> RESOURCES = resources();

	private QrLoginRoutes() {
	}

	/**
	 * Builds the routes.
	 * @param handler the handler
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> of(QrLoginHandler handler) {
		return RouterFunctions.route()
			.POST("/api/qr-logins/redeem", handler::redeem)
			.POST("/api/qr-logins", handler::start)
			.GET("/api/qr-logins/{loginId}/events", handler::events)
			.GET("/api/qr-logins/{loginId}", handler::status)
			.route(RequestPredicates.path(ALL), QrLoginRoutes::unmatched)
			.filter((request, next) -> Mono.defer(() -> next.handle(request))
				.onErrorResume((ex) -> failed(ex, request)))
			.build();
	}

	private static Map<PathPattern, HttpMethod> resources() {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		Map<PathPattern, HttpMethod> resources = new LinkedHashMap<>();
		resources.put(parser.parse("/api/qr-logins"), HttpMethod.POST);
		resources.put(parser.parse("/api/qr-logins/redeem"), HttpMethod.POST);
		resources.put(parser.parse("/api/qr-logins/{loginId}"), HttpMethod.GET);
		resources.put(parser.parse("/api/qr-logins/{loginId}/events"), HttpMethod.GET);
		return Map.copyOf(resources);
	}

	private static Mono<ServerResponse> unmatched(ServerRequest request) {
		Set<String> allowed = new TreeSet<>();
		RESOURCES.forEach((pattern, method) -> {
			if (pattern.matches(request.requestPath().pathWithinApplication())) {
				allowed.add(method.name());
			}
		});
		if (allowed.isEmpty()) {
			return ApiError.answer(HttpStatus.NOT_FOUND, "not_found", "no such resource of the login API");
		}
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, String.join(", ", allowed))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ApiError("method_not_allowed",
					request.method().name() + " is not supported here; use " + String.join(" or ", allowed)));
	}

	private static Mono<ServerResponse> failed(Throwable ex, ServerRequest request) {
		if (ex instanceof ApiException refused) {
			return refused.answer();
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
			logger.debug("Refused {} {}: {}", request.method(), LoginCodes.redactPath(request.path()), ex.toString());
			return ApiError.answer(status.getStatusCode().value(),
					new ApiError(code(status.getStatusCode()), reason(status.getStatusCode())));
		}
		logger.error("Unexpected failure of {} {}", request.method(), LoginCodes.redactPath(request.path()), ex);
		return ApiError.answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"unexpected error; the server log has the details");
	}

	private static String code(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(java.util.Locale.ROOT) : "client_error";
	}

	private static String reason(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "the request was refused";
	}

}
