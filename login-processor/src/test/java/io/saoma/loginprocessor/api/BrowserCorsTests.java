package io.saoma.loginprocessor.api;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a login page on another origin (the login widget on a site) may read of the
 * browser API's answers: the answer itself, and the {@code Retry-After} of a 429 or 503
 * and the server's {@code Date}, which a browser hides from cross-origin scripts unless
 * they are exposed. Redemption stays closed to every origin.
 */
class BrowserCorsTests {

	private static final String SITE = "https://site.example";

	private final WebTestClient client = WebTestClient.bindToServer(new HttpHandlerConnector(
			WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(RouterFunctions.route()
				.POST("/api/qr-logins",
						(request) -> ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
							.header(HttpHeaders.RETRY_AFTER, "7")
							.build())
				.GET("/api/qr-logins/{loginId}/qr.svg", (request) -> ServerResponse.ok().build())
				.GET("/api/qr-logins/{loginId}/qr.png", (request) -> ServerResponse.ok().build())
				.POST("/api/qr-logins/redeem", (request) -> ServerResponse.ok().build())
				.build())).filter(BrowserCors.filter(List.of(SITE))).build()))
		.build();

	@Test
	void shouldLetTheSiteReadRetryAfterAndTheServersDate() {
		String exposed = this.client.post()
			.uri("http://login.example/api/qr-logins")
			.header(HttpHeaders.ORIGIN, SITE)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SITE)
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS);
		assertThat(exposed).contains("Retry-After").contains("Date");
	}

	@ParameterizedTest
	@ValueSource(strings = { "qr.svg", "qr.png" })
	void shouldOpenTheQrImagesToTheSite(String image) {
		this.client.get()
			.uri("http://login.example/api/qr-logins/login-1/" + image)
			.header(HttpHeaders.ORIGIN, SITE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SITE);
		this.client.get()
			.uri("http://login.example/api/qr-logins/login-1/" + image)
			.header(HttpHeaders.ORIGIN, "https://elsewhere.example")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void shouldStillRefuseRedemptionToTheSite() {
		this.client.post()
			.uri("http://login.example/api/qr-logins/redeem")
			.header(HttpHeaders.ORIGIN, SITE)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
