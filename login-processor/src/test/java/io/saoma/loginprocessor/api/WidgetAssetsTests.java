package io.saoma.loginprocessor.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.saoma.loginprocessor.config.LoginProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login widget as a site's page loads it from the login processor: the files of the
 * repository's {@code widget/} folder, byte for byte (the build copies them into the
 * jar), with a UTF-8 content type a browser runs or applies under {@code nosniff}, a
 * short public cache with revalidation, and untouched by the login API's CORS rules and
 * guard.
 */
class WidgetAssetsTests {

	private static final String SITE = "https://site.example";

	private final WebTestClient client = WebTestClient
		.bindToServer(new HttpHandlerConnector(
				WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(WidgetAssets.routes()))
					.filter(BrowserCors.filter(List.of(SITE)),
							new LoginApiGuard(new LoginLimits(LoginProperties.Limits.defaults()),
									new ClientAddresses(null, null)))
					.build()))
		.build();

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "saoma-login.js, text/javascript;charset=UTF-8", "saoma-login.css, text/css;charset=UTF-8" })
	void shouldServeTheWidgetFolderWithItsTypeAndAShortPublicCache(String file, String type) throws IOException {
		EntityExchangeResult<byte[]> answer = this.client.get()
			.uri("/widget/" + file)
			.header(HttpHeaders.ORIGIN, "https://any-other-site.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(type)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=600, public")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
			.expectBody()
			.returnResult();

		assertThat(answer.getResponseBody()).isEqualTo(Files.readAllBytes(Path.of("..", "widget", file)));
		String etag = answer.getResponseHeaders().getETag();
		assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
		this.client.get()
			.uri("/widget/" + file)
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_MODIFIED)
			.expectBody()
			.isEmpty();
	}

}
