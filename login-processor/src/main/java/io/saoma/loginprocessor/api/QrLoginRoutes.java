package io.saoma.loginprocessor.api;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of the login API under {@code /api/qr-logins}.
 */
public final class QrLoginRoutes {

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
			.build();
	}

}
