package io.saoma.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.saoma.localstack.DemoAccount;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the browser, the phone and the site do over HTTP: start a login at an instance's
 * API, scan its QR code with the simulator's phone (WeChat then pushes the signed scan to
 * the receiver), and redeem the code server-to-server.
 */
final class LoginClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final WebClient http = WebClients.withPool("login-client", 256);

	/**
	 * {@code POST /api/qr-logins}; retried while the instance answers 503 (e.g. Kafka not
	 * reachable yet).
	 * @param api the instance's base URL
	 * @param ttlSeconds the QR code's lifetime, or {@code null} for the default
	 * @return the started login
	 */
	Mono<Started> start(String api, Long ttlSeconds) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("account", DemoAccount.ID);
		if (ttlSeconds != null) {
			body.put("ttlSeconds", ttlSeconds);
		}
		return this.http.post()
			.uri(api + "/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(JSON)
			.timeout(TIMEOUT)
			.retryWhen(Retry.backoff(10, Duration.ofMillis(500)))
			.map((login) -> new Started((String) login.get("loginId"), (String) login.get("qrContent"),
					Instant.parse((String) login.get("expiresAt")), api));
	}

	/**
	 * The phone scans the code (an existing follower: a SCAN push); the simulator answers
	 * once the receiver took the push and the decision is known (or 10 s passed).
	 * @param simulator the simulator's base URL
	 * @param qrContent what the QR code encodes
	 * @return the simulator's answer: {@code attempts} (the receiver's answers) and
	 * {@code decision}
	 */
	Mono<Map<String, Object>> scan(String simulator, String qrContent) {
		return this.http.post()
			.uri(simulator + "/sim/api/scan")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("qrContent", qrContent, "newFollower", false))
			.retrieve()
			.bodyToMono(JSON)
			.timeout(TIMEOUT.multipliedBy(2));
	}

	/**
	 * {@code GET /api/qr-logins/{id}}.
	 * @param api an instance's base URL
	 * @param loginId the login
	 * @return the status view, empty if the instance did not answer 200
	 */
	Mono<Map<String, Object>> status(String api, String loginId) {
		return this.http.get()
			.uri(api + "/api/qr-logins/" + loginId)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JSON)
					: response.releaseBody().then(Mono.empty()))
			.timeout(TIMEOUT)
			.onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * {@code POST /api/qr-logins/redeem} with the site's key, as README tells a site to:
	 * a 503 ("retry with the same code") or no answer is retried, every attempt with the
	 * same {@code Idempotency-Key} when one is given, so that a retry of an attempt that
	 * did win gets the identity again instead of 409.
	 * @param api an instance's base URL
	 * @param code the one-time code
	 * @param idempotencyKey the key sent with every attempt, or {@code null} for none
	 * @return the HTTP status of the last attempt (503 once the retries are used up)
	 */
	Mono<Integer> redeem(String api, String code, String idempotencyKey) {
		return this.http.post()
			.uri(api + "/api/qr-logins/redeem")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DemoAccount.REDEEM_API_KEY)
			.headers((headers) -> {
				if (idempotencyKey != null) {
					headers.set(IDEMPOTENCY_KEY, idempotencyKey);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.timeout(TIMEOUT)
			.flatMap((status) -> (status == 503) ? Mono.error(new IllegalStateException("503")) : Mono.just(status))
			.retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(1)))
			.onErrorReturn(503);
	}

	/**
	 * A started login.
	 *
	 * @param loginId its id
	 * @param qrContent its QR code's content
	 * @param expiresAt when the code expires
	 * @param api the instance it was started at
	 */
	record Started(String loginId, String qrContent, Instant expiresAt, String api) {
	}

}
