package io.saoma.loginprocessor.profile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.loginprocessor.config.ProfileProperties;
import io.saoma.loginprocessor.wechat.UserInfo;
import io.saoma.loginprocessor.wechat.WechatApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The profiles redemptions carry for the accounts that opted in
 * ({@code login.profile.accounts}). A profile never fails a redemption: whatever goes
 * wrong (an errcode, an HTTP error, no answer within {@code login.profile.timeout})
 * becomes an unavailable profile with a short reason, after at most that timeout. Answers
 * are remembered per account and openid for {@code login.profile.cache-ttl}, so that a
 * user logging in again (or a replayed redemption) costs no second call; concurrent
 * lookups of one user share one call. Failures are not remembered: the next redemption
 * asks again. Lookups are counted in {@code login.profile.lookups} by account and outcome
 * ({@code hit}, {@code miss}, {@code error} with its {@code reason}); the openid is in no
 * tag and no log line.
 */
public class Profiles {

	private static final Logger logger = LoggerFactory.getLogger(Profiles.class);

	private static final String NO_REASON = "none";

	private final Map<String, Function<String, Mono<UserInfo>>> lookups;

	private final Duration timeout;

	private final Cache<Key, UserInfo> cache;

	private final Map<Key, CompletableFuture<UserInfo>> inFlight = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	/**
	 * Creates the profiles.
	 * @param lookups how to ask {@code user/info}, by opted-in account id
	 * @param properties {@code login.profile.*}
	 * @param ticker the time the cache expires by
	 * @param registry where lookups are counted
	 */
	public Profiles(Map<String, Function<String, Mono<UserInfo>>> lookups, ProfileProperties properties, Ticker ticker,
			MeterRegistry registry) {
		this.lookups = Map.copyOf(lookups);
		this.timeout = properties.timeout();
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.maximumSize(properties.cacheSize())
			.ticker(ticker)
			.build();
		this.registry = registry;
	}

	/**
	 * Profiles for no account.
	 * @param registry where lookups would be counted
	 * @return profiles that are never looked up
	 */
	public static Profiles none(MeterRegistry registry) {
		return new Profiles(Map.of(), ProfileProperties.defaults(), Ticker.systemTicker(), registry);
	}

	/**
	 * The profile of a user, if the account opted in.
	 * @param account the account id
	 * @param openId the user's openid for the account
	 * @return the profile (perhaps unavailable, never an error), or empty if the account
	 * did not opt in
	 */
	public Mono<Profile> of(String account, String openId) {
		Function<String, Mono<UserInfo>> lookup = this.lookups.get(account);
		if (lookup == null || openId == null) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Key key = new Key(account, openId);
			UserInfo cached = this.cache.getIfPresent(key);
			if (cached != null) {
				count(account, "hit", NO_REASON);
				return Mono.just(Profile.of(cached));
			}
			AtomicBoolean asked = new AtomicBoolean();
			CompletableFuture<UserInfo> answer = this.inFlight.computeIfAbsent(key, (absent) -> {
				asked.set(true);
				return new CompletableFuture<>();
			});
			if (asked.get()) {
				ask(lookup, key, answer);
			}
			// the call goes on for the others sharing it (and the cache) when this
			// redemption stops waiting
			return Mono.fromFuture(answer, true).timeout(this.timeout).map((info) -> {
				count(account, asked.get() ? "miss" : "hit", NO_REASON);
				return Profile.of(info);
			}).onErrorResume((failure) -> {
				String reason = reason(failure);
				// WeChat's own failures were logged with their hint where they happened
				if (failure instanceof TimeoutException) {
					logger.warn("No user/info answer for account {} within {}; the redemption goes on without", account,
							this.timeout);
				}
				count(account, "error", reason);
				return Mono.just(Profile.unavailable(reason));
			});
		});
	}

	/**
	 * Asks WeChat for everyone waiting on {@code answer}: the answer is remembered (or
	 * the call forgotten, after a failure) before anyone learns it, so that a lookup
	 * right after gets the cached answer or asks again, never the failure again.
	 */
	private void ask(Function<String, Mono<UserInfo>> lookup, Key key, CompletableFuture<UserInfo> answer) {
		lookup.apply(key.openId()).subscribe((info) -> {
			this.cache.put(key, info);
			this.inFlight.remove(key, answer);
			answer.complete(info);
		}, (failure) -> {
			this.inFlight.remove(key, answer);
			answer.completeExceptionally(failure);
		}, () -> {
			if (!answer.isDone()) {
				this.inFlight.remove(key, answer);
				answer.completeExceptionally(new IllegalStateException("user/info gave no answer"));
			}
		});
	}

	private void count(String account, String outcome, String reason) {
		this.registry.counter("login.profile.lookups", "account", account, "outcome", outcome, "reason", reason)
			.increment();
	}

	private static String reason(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof WechatApiException refused && refused.reason() != null) {
			return refused.reason();
		}
		if (cause instanceof TimeoutException) {
			return "timeout";
		}
		logger.warn("Looking up a profile failed: {}", cause.getClass().getName());
		return "error";
	}

	private record Key(String account, String openId) {
	}

}
