package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.saoma.common.AcknowledgedSends;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.loginprocessor.topology.LoginCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * Exchanges a one-time code for the identity, exactly once, on the instance that owns the login. The redemption is
 * recorded as a REDEEMED status in {@code wechat.login-status} (acknowledged by the broker before the identity is
 * returned), so it survives a restart or a move of the login to another instance; until the store shows it, a local
 * claim stops a concurrent second redemption.
 */
public class Redemptions {

	private static final Logger logger = LoggerFactory.getLogger(Redemptions.class);

	private final StatusStore store;

	private final AcknowledgedSends<String, Object> sends;

	private final Clock clock;

	private final Duration claimRetention;

	private final Map<String, Instant> claims = new ConcurrentHashMap<>();

	public Redemptions(StatusStore store, AcknowledgedSends<String, Object> sends, Clock clock,
			Duration claimRetention) {
		this.store = store;
		this.sends = sends;
		this.clock = clock;
		this.claimRetention = claimRetention;
	}

	/**
	 * Redeems a code. Must run on the owner of {@code loginId}.
	 * @param loginId the login the code names
	 * @param code the code
	 * @param codeVerifier the PKCE verifier, required if the login was started with a challenge, else ignored
	 * @return the identity, or a failed Mono with a {@link RedemptionException}
	 */
	public Mono<Identity> redeem(String loginId, String code, String codeVerifier) {
		LoginStatus status = this.store.get(loginId);
		if (status == null || status.getCode() == null || !sameCode(status.getCode(), code)) {
			return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "unknown_code", "no login has this code"));
		}
		if (status.getCodeChallenge() != null && !Pkce.matches(status.getCodeChallenge(), codeVerifier)) {
			// the code stays redeemable: whoever holds it without the verifier cannot burn it for its owner
			logger.warn("Refused to redeem the code of login {}: {} codeVerifier", LoginCodes.redact(loginId),
					(codeVerifier == null) ? "no" : "a wrong");
			return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_grant",
					"codeVerifier is missing or does not match the codeChallenge this login was started with"));
		}
		Instant now = this.clock.instant();
		forgetOldClaims(now);
		if (status.getState() == LoginState.REDEEMED || this.claims.putIfAbsent(loginId, now) != null) {
			return Mono.error(new ApiException(HttpStatus.CONFLICT, "already_redeemed", "this code was redeemed before"));
		}
		if (status.getState() != LoginState.SUCCEEDED) {
			this.claims.remove(loginId);
			return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "unknown_code", "no login has this code"));
		}
		LoginStatus redeemed = LoginStatus.newBuilder(status)
			.setState(LoginState.REDEEMED)
			.setUpdatedAt(now)
			.build();
		return this.sends.send(Topics.LOGIN_STATUS, loginId, redeemed)
			.map((result) -> Identity.of(status))
			.onErrorResume((error) -> {
				this.claims.remove(loginId);
				return Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
						"could not record the redemption; retry with the same code"));
			});
	}

	private void forgetOldClaims(Instant now) {
		Instant oldest = now.minus(this.claimRetention);
		this.claims.values().removeIf((claimedAt) -> claimedAt.isBefore(oldest));
	}

	private static boolean sameCode(String expected, String given) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				(given != null) ? given.getBytes(StandardCharsets.UTF_8) : new byte[0]);
	}

	/**
	 * Who logged in: what a login service needs to sign the user in.
	 *
	 * @param loginId the login
	 * @param account the account id
	 * @param appId the AppID
	 * @param openId the user's openid for this account
	 * @param newFollower whether the user followed the account with this scan
	 * @param loggedInAt when the scan was matched
	 */
	public record Identity(String loginId, String account, String appId, String openId, boolean newFollower,
			Instant loggedInAt) {

		static Identity of(LoginStatus status) {
			return new Identity(status.getLoginId(), status.getAccount(), status.getAppId(), status.getOpenId(),
					status.getNewFollower(), status.getDecidedAt());
		}

	}

}
