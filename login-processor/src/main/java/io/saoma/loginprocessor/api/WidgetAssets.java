package io.saoma.loginprocessor.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the login widget ({@code widget/} of the repository, copied into the jar by the
 * build) at {@code /widget/saoma-login.js} and {@code /widget/saoma-login.css}, so a site
 * loads it from the same origin as the login API and its Content-Security-Policy names
 * one origin. Both are read once at start-up (a jar built without them fails to start
 * rather than serve a page without its login), answered with an explicit UTF-8 charset
 * (the script carries Chinese texts, and a page in another encoding would otherwise
 * decode it wrongly), {@code nosniff}, a strong ETag for revalidation and a short
 * {@code max-age}: the URLs are not versioned, so a fixed widget reaches sites within
 * minutes. {@code Access-Control-Allow-Origin: *} lets a site load them with
 * {@code crossorigin} and Subresource Integrity; they are public files and carry no
 * credentials.
 */
public final class WidgetAssets {

	static final String LOCATION = "io/saoma/loginprocessor/widget/";

	static final Duration MAX_AGE = Duration.ofMinutes(10);

	private static final Map<String, MediaType> FILES = Map.of("saoma-login.js",
			new MediaType("text", "javascript", StandardCharsets.UTF_8), "saoma-login.css",
			new MediaType("text", "css", StandardCharsets.UTF_8));

	private WidgetAssets() {
	}

	/**
	 * Builds the routes.
	 * @return {@code GET /widget/saoma-login.js} and {@code GET /widget/saoma-login.css}
	 */
	public static RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		FILES.forEach((name, type) -> {
			Asset asset = Asset.read(name, type);
			routes.GET("/widget/" + name, asset::serve);
		});
		return routes.build();
	}

	private record Asset(byte[] content, MediaType type, String etag) {

		static Asset read(String name, MediaType type) {
			ClassPathResource resource = new ClassPathResource(LOCATION + name);
			try (InputStream in = resource.getInputStream()) {
				byte[] content = in.readAllBytes();
				return new Asset(content, type,
						"\"" + Base64.getUrlEncoder()
							.withoutPadding()
							.encodeToString(MessageDigest.getInstance("SHA-256").digest(content))
							.substring(0, 22) + "\"");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("The login widget's " + name + " is not in the jar (classpath:"
						+ LOCATION + name + "); build the login processor with Maven, which copies widget/", ex);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		Mono<ServerResponse> serve(ServerRequest request) {
			CacheControl cache = CacheControl.maxAge(MAX_AGE).cachePublic();
			return request.checkNotModified(this.etag)
				.switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
					.contentType(this.type)
					.eTag(this.etag)
					.cacheControl(cache)
					.header("X-Content-Type-Options", "nosniff")
					.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
					.bodyValue(this.content)));
		}

	}

}
