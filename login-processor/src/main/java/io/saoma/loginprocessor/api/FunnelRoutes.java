package io.saoma.loginprocessor.api;

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

/**
 * The route of the funnel API, {@code GET /api/login-funnel}, behind its own key
 * ({@link BearerApiKey#funnel}), with every failure answered as the login API's errors
 * ({@link ApiErrors}); any other method is 405 {@code method_not_allowed}.
 */
public final class FunnelRoutes {

	/** The path. */
	public static final String PATH = "/api/login-funnel";

	private FunnelRoutes() {
	}

	/**
	 * Builds the route.
	 * @param handler the handler
	 * @param apiKey {@code login.funnel.api-key}, {@code null} if the API is off
	 * @return the route
	 */
	public static RouterFunction<ServerResponse> of(FunnelHandler handler, String apiKey) {
		RouterFunction<ServerResponse> read = RouterFunctions.route()
			.GET(PATH, handler::funnel)
			.filter(BearerApiKey.funnel(apiKey))
			.build();
		return RouterFunctions.route()
			.add(read)
			.route(RequestPredicates.path(PATH), FunnelRoutes::notAllowed)
			.filter(new ApiErrors())
			.build();
	}

	private static Mono<ServerResponse> notAllowed(ServerRequest request) {
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, HttpMethod.GET.name())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ApiError("method_not_allowed", request.method().name() + " is not supported here; use GET"));
	}

}
