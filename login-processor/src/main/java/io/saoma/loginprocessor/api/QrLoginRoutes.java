package io.saoma.loginprocessor.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The routes of the login API under {@code /api/qr-logins}. Every answer of these paths,
 * errors included, is JSON in the documented shape ({@link ApiError}): a path that names
 * no resource is 404 {@code not_found}, a method a path does not support 405
 * {@code method_not_allowed} (with {@code Allow}); every failure is answered by
 * {@link ApiErrors}, and the redeem route only with the redeem key
 * ({@link BearerApiKey#redeem}).
 */
public final class QrLoginRoutes {

	private static final String ALL = "/api/qr-logins/**";

	/** Each path template and the method it answers. */
	private static final Map<PathPattern, HttpMethod> RESOURCES = resources();

	private QrLoginRoutes() {
	}

	/**
	 * Builds the routes.
	 * @param handler the handler
	 * @param redeemApiKey the key redeem requests must carry as a bearer token
	 * ({@code login.redeem-api-key})
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> of(QrLoginHandler handler, String redeemApiKey) {
		RouterFunction<ServerResponse> redeem = RouterFunctions.route()
			.POST("/api/qr-logins/redeem", handler::redeem)
			.filter(BearerApiKey.redeem(redeemApiKey))
			.build();
		return RouterFunctions.route()
			.add(redeem)
			.POST("/api/qr-logins", handler::start)
			.GET("/api/qr-logins/{loginId}/events", handler::events)
			.GET("/api/qr-logins/{loginId}/qr.svg", handler::qrSvg)
			.GET("/api/qr-logins/{loginId}/qr.png", handler::qrPng)
			.GET("/api/qr-logins/{loginId}", handler::status)
			.route(RequestPredicates.path(ALL), QrLoginRoutes::unmatched)
			.filter(new ApiErrors())
			.build();
	}

	private static Map<PathPattern, HttpMethod> resources() {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		Map<PathPattern, HttpMethod> resources = new LinkedHashMap<>();
		resources.put(parser.parse("/api/qr-logins"), HttpMethod.POST);
		resources.put(parser.parse("/api/qr-logins/redeem"), HttpMethod.POST);
		resources.put(parser.parse("/api/qr-logins/{loginId}"), HttpMethod.GET);
		resources.put(parser.parse("/api/qr-logins/{loginId}/events"), HttpMethod.GET);
		resources.put(parser.parse("/api/qr-logins/{loginId}/qr.svg"), HttpMethod.GET);
		resources.put(parser.parse("/api/qr-logins/{loginId}/qr.png"), HttpMethod.GET);
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
			return Mono.error(ApiException.notFound("not_found", "no such resource of the login API"));
		}
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, String.join(", ", allowed))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ApiError("method_not_allowed",
					request.method().name() + " is not supported here; use " + String.join(" or ", allowed)));
	}

}
