package io.saoma.loginprocessor.api;

import java.time.Duration;

import io.saoma.loginprocessor.api.QrLoginHandler.StartRequest;
import io.saoma.loginprocessor.config.LoginProperties;

import org.springframework.http.HttpStatus;

/**
 * The configured rules a start request must keep beyond its shape: a configured account,
 * a lifetime within {@code login.max-ticket-ttl} (WeChat's own bound, 30 days, is checked
 * where the code is created, {@code QrCodeClient}), and a {@code codeChallenge} when
 * {@code login.require-code-challenge} is set.
 */
final class StartRules {

	private final LoginStarter starter;

	private final Duration defaultTtl;

	private final Duration maxTtl;

	private final boolean requireCodeChallenge;

	StartRules(LoginStarter starter, LoginProperties properties) {
		this.starter = starter;
		this.defaultTtl = properties.ticketTtl();
		this.maxTtl = properties.maxTicketTtl();
		this.requireCodeChallenge = properties.requireCodeChallenge();
	}

	/**
	 * Checks a start request.
	 * @param body the request
	 * @return the lifetime of its QR code: the one it asks for, or
	 * {@code login.ticket-ttl}
	 * @throws ApiException 404 {@code unknown_account}, 400 {@code invalid_ttl} or 400
	 * {@code code_challenge_required}
	 */
	Duration admit(StartRequest body) {
		if (!this.starter.knows(body.account())) {
			throw ApiException.notFound("unknown_account", "no account is configured under this id");
		}
		long maxSeconds = this.maxTtl.toSeconds();
		if (body.ttlSeconds() != null && (body.ttlSeconds() < 1 || body.ttlSeconds() > maxSeconds)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_ttl",
					"ttlSeconds must be between 1 and " + maxSeconds);
		}
		if (body.codeChallenge() == null && this.requireCodeChallenge) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "code_challenge_required",
					"codeChallenge is required: send BASE64URL(SHA-256(codeVerifier)) and redeem the code with the codeVerifier");
		}
		return (body.ttlSeconds() != null) ? Duration.ofSeconds(body.ttlSeconds()) : this.defaultTtl;
	}

}
