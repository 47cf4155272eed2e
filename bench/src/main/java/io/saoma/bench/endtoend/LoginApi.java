package io.saoma.bench.endtoend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * The login processor's browser API as the local stack's page uses it: {@code POST
 * /api/qr-logins} with a PKCE challenge, {@code GET /api/qr-logins/{id}} and the
 * Server-Sent Events of {@code GET /api/qr-logins/{id}/events}.
 */
final class LoginApi implements AutoCloseable {

	private static final Pattern LOGIN_ID = Pattern.compile("\"loginId\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern QR_CONTENT = Pattern.compile("\"qrContent\"\\s*:\\s*\"([^\"]+)\"");

	private final ConnectionProvider pool;

	private final ConnectionProvider ssePool;

	private final HttpClient client;

	private final HttpClient sse;

	private final AtomicLong sequence = new AtomicLong();

	LoginApi(String baseUrl, int connections, int maxStreams) {
		this.pool = ConnectionProvider.builder("bench-login-api")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		this.ssePool = ConnectionProvider.builder("bench-login-sse")
			.maxConnections(maxStreams)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.pool).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
		this.sse = HttpClient.create(this.ssePool).baseUrl(baseUrl);
	}

	/**
	 * Starts logins, at most {@code concurrency} at a time.
	 * @param count how many
	 * @param concurrency the most in flight
	 * @param scans builds each login's scan push
	 * @param wechat the fake WeChat API, which knows each ticket's scene
	 * @return the started logins, in the order they were answered
	 */
	List<Login> start(int count, int concurrency, ScanPushes scans, FakeWechatApi wechat) {
		return Flux.range(0, count)
			.flatMap((i) -> startOne().map((answer) -> login(answer, scans, wechat)), concurrency)
			.collectList()
			.block(Duration.ofMinutes(5));
	}

	private Mono<String> startOne() {
		String body = "{\"account\":\"demo\",\"ttlSeconds\":600,\"codeChallenge\":\""
				+ challenge("bench-verifier-" + this.sequence.incrementAndGet() + "-0123456789abcdefghijklmnopqrstuv")
				+ "\"}";
		return this.client.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri("/api/qr-logins")
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("").map((text) -> {
				if (response.status().code() != 201) {
					throw new IllegalStateException("start answered " + response.status() + ": " + text);
				}
				return text;
			}))
			// a connection reset or closed under a reused keep-alive connection (a loaded
			// machine): a browser would
			// start again; a refused start (not 201) is not retried
			.retryWhen(Retry.max(3).filter(IOException.class::isInstance));
	}

	private Login login(String answer, ScanPushes scans, FakeWechatApi wechat) {
		String loginId = group(LOGIN_ID, answer);
		String content = group(QR_CONTENT, answer);
		String ticket = content.substring(content.lastIndexOf('/') + 1);
		String scene = wechat.sceneOf(ticket);
		long sequence = this.sequence.incrementAndGet();
		return new Login(loginId, scans.scan(sequence, scene, ticket, System.currentTimeMillis() / 1000));
	}

	/**
	 * A login's status as the API answers it.
	 * @param loginId the login
	 * @return the answer's body, or the status code if not 200
	 */
	String status(String loginId) {
		return this.client.get()
			.uri("/api/qr-logins/" + loginId)
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> (response.status().code() == 200) ? text : "HTTP " + response.status().code()))
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Opens a login's event stream and marks the login when it says {@code SUCCEEDED}.
	 * @param login the login
	 * @param opened called once its first event (the current status) arrived
	 * @return the subscription, to dispose
	 */
	Disposable watch(Login login, Runnable opened) {
		StringBuilder pending = new StringBuilder();
		boolean[] first = { true };
		return this.sse.headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, "text/event-stream"))
			.get()
			.uri("/api/qr-logins/" + login.loginId() + "/events")
			.responseContent()
			.asString(StandardCharsets.UTF_8)
			.subscribe((chunk) -> {
				long now = System.nanoTime();
				pending.append(chunk);
				if (first[0] && pending.indexOf("data:") >= 0) {
					first[0] = false;
					opened.run();
				}
				if (pending.indexOf("\"SUCCEEDED\"") >= 0) {
					login.sseSucceededAt(now);
				}
				if (pending.length() > 4096) {
					pending.delete(0, pending.length() - 64);
				}
			}, (error) -> {
			});
	}

	private static String group(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("unexpected answer: " + text);
		}
		return matcher.group(1);
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.pool.dispose();
		this.ssePool.dispose();
	}

}
