package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.config.RedeemProperties;
import io.saoma.loginprocessor.profile.Profile;
import io.saoma.loginprocessor.profile.Profiles;
import io.saoma.loginprocessor.topology.LoginCodes;
import io.saoma.loginprocessor.topology.StatusProcessor;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.RedemptionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * Exchanges a one-time code for the identity, exactly once for the whole cluster. The API
 * only checks the code (and the PKCE verifier) against the owner's store and asks; the
 * Streams task that owns the login decides: this instance writes a
 * {@link RedemptionRequest} with a fresh request id to {@code wechat.login-redemptions}
 * (co-partitioned with {@code wechat.login-status}), the task's check-and-set
 * ({@link StatusProcessor}) turns SUCCEEDED into REDEEMED carrying the id of the one
 * request that won, and this instance answers from the REDEEMED status it reads back
 * (committed): its own id wins the identity, another id is 409 {@code already_redeemed}.
 * Without a decision within {@code login.redeem.timeout} (the login moved, the broker is
 * slow) the answer is 503: a retry with the same code is safe, since whatever happened
 * the task let one request win at most. A caller that sends an {@code Idempotency-Key}
 * gets the same request id on its retries, and so the identity again if its first attempt
 * won. Outcomes are counted in {@code login.redemptions}. For an account that opted in
 * ({@code login.profile.accounts}) the identity also carries the user's {@link Profile}
 * (replays too), looked up after the decision: it adds at most
 * {@code login.profile.timeout} and never fails the redemption.
 */
public class Redemptions {

	/** The header that makes a retry the same request. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger logger = LoggerFactory.getLogger(Redemptions.class);

	private final StatusStore store;

	private final StatusUpdates updates;

	private final AcknowledgedSends<String, Object> sends;

	private final Clock clock;

	private final RedeemProperties properties;

	private final MeterRegistry registry;

	private final Profiles profiles;

	public Redemptions(StatusStore store, StatusUpdates updates, AcknowledgedSends<String, Object> sends, Clock clock,
			RedeemProperties properties, MeterRegistry registry) {
		this(store, updates, sends, clock, properties, registry, Profiles.none(registry));
	}

	public Redemptions(StatusStore store, StatusUpdates updates, AcknowledgedSends<String, Object> sends, Clock clock,
			RedeemProperties properties, MeterRegistry registry, Profiles profiles) {
		this.store = store;
		this.updates = updates;
		this.sends = sends;
		this.clock = clock;
		this.properties = properties;
		this.registry = registry;
		this.profiles = profiles;
	}

	/**
	 * Redeems a code. Must run on the owner of {@code loginId}.
	 * @param loginId the login the code names
	 * @param code the code
	 * @param codeVerifier the PKCE verifier, required if the login was started with a
	 * challenge, else ignored
	 * @param idempotencyKey the caller's key for this redemption, the same on its
	 * retries, or {@code null}
	 * @return the identity, or a failed Mono with an {@link ApiException}
	 * @throws StatusStore.UnavailableException if the store cannot be read now
	 */
	public Mono<Identity> redeem(String loginId, String code, String codeVerifier, String idempotencyKey) {
		// watch before reading, so that no decision falls between the read and the watch
		AtomicReference<Disposable> connection = new AtomicReference<>();
		Flux<LoginStatus> changes = this.updates.of(loginId).replay(16).autoConnect(0, connection::set);
		try {
			return redeem(loginId, code, codeVerifier, idempotencyKey, changes)
				.doFinally((signal) -> connection.get().dispose())
				.flatMap(this::withProfile);
		}
		catch (RuntimeException ex) {
			connection.get().dispose();
			throw ex;
		}
	}

	private Mono<Identity> redeem(String loginId, String code, String codeVerifier, String idempotencyKey,
			Flux<LoginStatus> changes) {
		LoginStatus status = this.store.get(loginId);
		if (status == null || status.getCode() == null || !sameCode(status.getCode(), code)) {
			return counted(Mono.error(unknownCode()));
		}
		if (status.getCodeChallenge() != null && !Pkce.matches(status.getCodeChallenge(), codeVerifier)) {
			// the code stays redeemable: whoever holds it without the verifier cannot
			// burn it for its owner
			logger.warn("Refused to redeem the code of login {}: {} codeVerifier", LoginCodes.redact(loginId),
					(codeVerifier == null) ? "no" : "a wrong");
			return counted(Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "invalid_grant",
					"codeVerifier is missing or does not match the codeChallenge this login was started with")));
		}
		String requestId = requestId(loginId, idempotencyKey);
		if (status.getState() == LoginState.REDEEMED) {
			return counted(decided(status, requestId));
		}
		if (status.getState() != LoginState.SUCCEEDED) {
			return counted(Mono.error(unknownCode()));
		}
		RedemptionRequest request = new RedemptionRequest(requestId, StatusProcessor.codeHash(code),
				this.clock.instant());
		Flux<Optional<LoginStatus>> observed = Flux.merge(changes.map(Optional::of),
				Flux.interval(this.properties.pollInterval()).concatMap((tick) -> read(loginId)));
		Mono<Identity> decision = observed
			.filter((seen) -> seen.isEmpty() || seen.get().getState() != LoginState.SUCCEEDED)
			.next()
			.flatMap((seen) -> seen.isPresent() ? decided(seen.get(), requestId) : Mono.error(unknownCode()));
		Mono<Identity> answer = this.sends.send(Topics.Names.LOGIN_REDEMPTIONS, loginId, request).onErrorMap((ex) -> {
			logger.warn("Could not record a redemption request of login {}: {}", LoginCodes.redact(loginId),
					ex.toString());
			return ApiException.unavailable("could not record the redemption; retry with the same code");
		}).then(decision).timeout(this.properties.timeout(), Mono.defer(() -> {
			logger.warn("No decision on the redemption of login {} within {}; answered 503", LoginCodes.redact(loginId),
					this.properties.timeout());
			return Mono.error(ApiException.unavailable("the redemption is not decided yet; retry with the same code"));
		}));
		return counted(answer);
	}

	private Mono<Identity> withProfile(Identity identity) {
		return this.profiles.of(identity.account(), identity.openId())
			.map(identity::withProfile)
			.defaultIfEmpty(identity);
	}

	private Mono<Optional<LoginStatus>> read(String loginId) {
		try {
			return Mono.just(Optional.ofNullable(this.store.get(loginId)));
		}
		catch (StatusStore.UnavailableException ex) {
			// the login is moving: wait for the timeout, the caller retries on the new
			// owner
			return Mono.empty();
		}
	}

	private static Mono<Identity> decided(LoginStatus status, String requestId) {
		if (status.getState() != LoginState.REDEEMED) {
			return Mono.error(unknownCode());
		}
		if (requestId.equals(status.getRedemptionId())) {
			return Mono.just(Identity.of(status));
		}
		return Mono.error(new ApiException(HttpStatus.CONFLICT, "already_redeemed", "this code was redeemed before"));
	}

	private Mono<Identity> counted(Mono<Identity> answer) {
		return answer.doOnEach((signal) -> {
			if (signal.isOnNext()) {
				this.registry.counter("login.redemptions", "outcome", "redeemed").increment();
			}
			else if (signal.isOnError()) {
				String outcome = (signal.getThrowable() instanceof ApiException refused) ? refused.error() : "error";
				this.registry.counter("login.redemptions", "outcome", outcome).increment();
			}
		});
	}

	private static ApiException unknownCode() {
		return ApiException.notFound("unknown_code", "no login has this code");
	}

	/**
	 * The id of a redemption request: random, or derived from the caller's key so that
	 * its retries are the same request.
	 * @param loginId the login
	 * @param idempotencyKey the caller's key, or {@code null}
	 * @return the id
	 */
	static String requestId(String loginId, String idempotencyKey) {
		if (idempotencyKey == null || idempotencyKey.isBlank()) {
			return UUID.randomUUID().toString();
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((loginId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
			return "key:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
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
	 * @param profile what WeChat's {@code user/info} says about the user (the unionid),
	 * or {@code null} (left out of the JSON) for an account that did not opt in
	 */
	public record Identity(String loginId, String account, String appId, String openId, boolean newFollower,
			Instant loggedInAt, @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile) {

		static Identity of(LoginStatus status) {
			return new Identity(status.getLoginId(), status.getAccount(), status.getAppId(), status.getOpenId(),
					status.getNewFollower(), status.getDecidedAt(), null);
		}

		Identity withProfile(Profile profile) {
			return new Identity(this.loginId, this.account, this.appId, this.openId, this.newFollower, this.loggedInAt,
					profile);
		}

	}

}
