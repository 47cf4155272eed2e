package io.saoma.loginprocessor.api;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Lets a login page served from another origin call the browser API
 * ({@code login.cors-allowed-origins}). The redemption endpoint is left out on purpose:
 * it is for login services, never for browsers.
 */
public final class BrowserCors {

	private static final String REDEEM = "/api/qr-logins/redeem";

	private BrowserCors() {
	}

	/**
	 * Builds the filter.
	 * @param allowedOrigins the allowed origins; none means same-origin only
	 * @return the filter
	 */
	public static CorsWebFilter filter(List<String> allowedOrigins) {
		CorsConfiguration browser = new CorsConfiguration();
		browser.setAllowedOrigins(allowedOrigins);
		browser.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
		browser.addAllowedHeader("Content-Type");
		browser.addAllowedHeader("Last-Event-ID");
		browser.addExposedHeader("Location");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/qr-logins", browser);
		source.registerCorsConfiguration("/api/qr-logins/{loginId}", browser);
		source.registerCorsConfiguration("/api/qr-logins/{loginId}/events", browser);
		source.registerCorsConfiguration("/api/qr-logins/{loginId}/qr.svg", browser);
		source.registerCorsConfiguration("/api/qr-logins/{loginId}/qr.png", browser);
		// {loginId} also matches "redeem": that path gets a configuration allowing no
		// origin, so every cross-origin
		// request to it, preflight included, is refused (403) whatever the allowed
		// origins
		CorsConfiguration nobody = new CorsConfiguration();
		CorsConfigurationSource guarded = (
				exchange) -> REDEEM.equals(exchange.getRequest().getPath().pathWithinApplication().value()) ? nobody
						: source.getCorsConfiguration(exchange);
		return new CorsWebFilter(guarded);
	}

}
