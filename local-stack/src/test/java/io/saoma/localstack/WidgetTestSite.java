package io.saoma.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Another site that logs its visitors in with the login widget: a page on an origin of
 * its own (a JDK HTTP server on loopback) under a strict Content-Security-Policy with no
 * {@code 'unsafe-inline'}, loading the widget from the login processor, and the site's
 * backend, which keeps each login's PKCE verifier ({@code POST /challenge}) and redeems
 * the code the page hands it with that verifier ({@code POST /session}), as README tells
 * a site to.
 */
final class WidgetTestSite implements AutoCloseable {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpServer server;

	private final String api;

	private final HttpClient http = HttpClient.newHttpClient();

	private final Map<String, String> verifiers = new ConcurrentHashMap<>();

	private final AtomicBoolean backendDown = new AtomicBoolean();

	private WidgetTestSite(HttpServer server, String api) {
		this.server = server;
		this.api = api;
	}

	/**
	 * Starts the site on a free loopback port.
	 * @param api the login processor's base URL (where the widget and the API are)
	 * @return the running site
	 */
	static WidgetTestSite start(String api) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(StackPorts.LOOPBACK, 0), 0);
			WidgetTestSite site = new WidgetTestSite(server, api);
			server.createContext("/", site::handle);
			server.start();
			return site;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The site's origin.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	String origin() {
		return "http://" + StackPorts.LOOPBACK + ":" + this.server.getAddress().getPort();
	}

	/**
	 * The policy the page is served with: only the site itself and the login processor,
	 * nothing inline.
	 * @return the Content-Security-Policy header
	 */
	String contentSecurityPolicy() {
		return "default-src 'none'; script-src 'self' " + this.api + "; style-src " + this.api + "; img-src " + this.api
				+ "; connect-src 'self' " + this.api
				+ "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";
	}

	/**
	 * Makes the site's backend fail (503) or work again.
	 * @param down whether it fails
	 */
	void backendDown(boolean down) {
		this.backendDown.set(down);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (method.equals("GET") && path.equals("/")) {
				exchange.getResponseHeaders().set("Content-Security-Policy", contentSecurityPolicy());
				respond(exchange, 200, "text/html; charset=utf-8", resource("index.html").replace("{{api}}", this.api));
			}
			else if (method.equals("GET") && path.equals("/site.js")) {
				respond(exchange, 200, "text/javascript; charset=utf-8", resource("site.js"));
			}
			else if (method.equals("POST") && path.equals("/challenge")) {
				if (this.backendDown.get()) {
					respond(exchange, 503, "text/plain", "down");
					return;
				}
				String verifier = base64Url(randomBytes());
				String challenge = base64Url(sha256(verifier));
				this.verifiers.put(challenge, verifier);
				respond(exchange, 200, "text/plain", challenge);
			}
			else if (method.equals("POST") && path.equals("/session")) {
				String[] codeAndChallenge = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
					.split("\n", 2);
				HttpResponse<String> redeemed = redeem(codeAndChallenge[0], this.verifiers.remove(codeAndChallenge[1]));
				respond(exchange, redeemed.statusCode(), "application/json", redeemed.body());
			}
			else if (path.equals("/favicon.ico")) {
				exchange.sendResponseHeaders(204, -1);
			}
			else {
				respond(exchange, 404, "text/plain", "not found");
			}
		}
	}

	private HttpResponse<String> redeem(String code, String verifier) throws IOException {
		String body = "{\"code\": \"" + code + "\", \"codeVerifier\": \"" + verifier + "\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.api + "/api/qr-logins/redeem"))
			.header("Authorization", "Bearer " + DemoAccount.REDEEM_API_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = WidgetTestSite.class.getResourceAsStream("/widget-site/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
