package io.saoma.loginprocessor.wechat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.loginprocessor.wechat.WechatErrors.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one place an account's access token comes from (WeChat's "central token holder").
 * It uses {@code stable_token} in normal mode, which never invalidates the token another
 * holder of the AppSecret (such as Authing) uses, and lets at most one refresh run at a
 * time: everyone who needs a token meanwhile waits for that refresh. Each refresh is
 * counted in {@code login.wechat.token.refreshes{account,outcome="refreshed|failed"}}:
 * WeChat refuses with an errcode in an HTTP 200 answer (IP not whitelisted, AppSecret
 * reset), which the HTTP client's own metrics count as a success, and without a token no
 * QR code can be issued, so operators alert on this counter.
 */
public class AccessTokenHolder {

	private static final Logger logger = LoggerFactory.getLogger(AccessTokenHolder.class);

	private final WechatCredentials credentials;

	private final WechatHttp http;

	private final String endpoint;

	private final Duration refreshMargin;

	private final Clock clock;

	private final Counter refreshed;

	private final Counter failed;

	/** {@code null} (no token), a {@link Token}, or a {@link Refresh} in flight. */
	private final AtomicReference<State> state = new AtomicReference<>();

	/**
	 * Creates a holder on the system clock that counts its refreshes in a registry of its
	 * own (tests and tools).
	 * @param credentials the account
	 * @param webClient Boot's builder (observed calls), with the connector to use
	 * @param properties {@code wechat.api.*}
	 */
	public AccessTokenHolder(WechatCredentials credentials, WebClient.Builder webClient,
			WechatApiProperties properties) {
		this(credentials, webClient, properties, Clock.systemUTC(), new SimpleMeterRegistry());
	}

	/**
	 * Creates the holder of an account's token.
	 * @param credentials the account
	 * @param webClient Boot's builder (observed calls), with the connector to use
	 * @param properties {@code wechat.api.*}
	 * @param clock the clock tokens expire by
	 * @param registry where refreshes are counted; both outcomes are registered at once,
	 * so that the first failure shows as an increase
	 */
	public AccessTokenHolder(WechatCredentials credentials, WebClient.Builder webClient, WechatApiProperties properties,
			Clock clock, MeterRegistry registry) {
		this.credentials = credentials;
		this.http = new WechatHttp(webClient, properties.timeout());
		this.endpoint = Endpoints.template(properties.baseUrl(), "/cgi-bin/stable_token");
		this.refreshMargin = properties.tokenRefreshMargin();
		this.clock = clock;
		this.refreshed = refreshes(registry, credentials.account(), "refreshed");
		this.failed = refreshes(registry, credentials.account(), "failed");
	}

	private static Counter refreshes(MeterRegistry registry, String account, String outcome) {
		return Counter.builder("login.wechat.token.refreshes")
			.description("Access-token refreshes (stable_token) by outcome")
			.tag("account", account)
			.tag("outcome", outcome)
			.register(registry);
	}

	/** Our id of the account the token is for. */
	public String account() {
		return this.credentials.account();
	}

	/**
	 * The current access token: the cached one until
	 * {@code wechat.api.token-refresh-margin} before it expires, else a fresh one. Fails
	 * with a {@link WechatApiException} if it cannot be had; the next call tries again.
	 */
	public Mono<String> token() {
		return Mono.defer(() -> {
			State current = this.state.get();
			if (current instanceof Token token && this.clock.instant().isBefore(token.refreshAt())) {
				return Mono.just(token.value());
			}
			if (current instanceof Refresh refresh) {
				return refresh.result().map(Token::value);
			}
			return refreshReplacing(current);
		});
	}

	/**
	 * Makes a call with the current token; if WeChat rejects that token (another party
	 * renewing it is routine), replaces it and makes the call once more with the new one.
	 * A second rejection is reported.
	 * @param <T> the call's result
	 * @param call the call, given the token
	 * @return the call's result, or a {@link WechatApiException}
	 */
	public <T> Mono<T> withToken(Function<String, Mono<T>> call) {
		return token()
			.flatMap((token) -> call.apply(token).onErrorResume(WechatErrors::isTokenRejection, (rejected) -> {
				logger.info("WeChat rejected the access token of account {} (errcode {}); refreshing it, retrying once",
						account(), ((WechatApiException) rejected).errcode());
				invalidate(token);
				return token().flatMap(call);
			}));
	}

	/**
	 * Forgets the cached token if it is the one WeChat rejected, so that the next
	 * {@link #token()} fetches a new one. Many callers rejected with the same token thus
	 * cause one refresh, not one each.
	 */
	public void invalidate(String rejectedToken) {
		State current = this.state.get();
		if (current instanceof Token token && token.value().equals(rejectedToken)
				&& this.state.compareAndSet(current, null)) {
			logger.info("Dropped the access token of account {} that WeChat rejected", account());
		}
	}

	private Mono<String> refreshReplacing(State stale) {
		Sinks.One<Token> sink = Sinks.one();
		Refresh refresh = new Refresh(sink.asMono());
		if (!this.state.compareAndSet(stale, refresh)) {
			return token();
		}
		// Subscribed here rather than by the callers, so that a caller giving up does not
		// cancel it for the others.
		fetch().subscribe((token) -> {
			this.refreshed.increment();
			this.state.compareAndSet(refresh, token);
			sink.tryEmitValue(token);
		}, (failure) -> {
			this.failed.increment();
			this.state.compareAndSet(refresh, null);
			sink.tryEmitError(failure);
		});
		return refresh.result().map(Token::value);
	}

	private Mono<Token> fetch() {
		ObjectNode body = JsonNodeFactory.instance.objectNode()
			.put("grant_type", "client_credential")
			.put("appid", this.credentials.appId())
			.put("secret", this.credentials.appSecret())
			.put("force_refresh", false);
		Instant requestedAt = this.clock.instant();
		Call call = new Call("stable_token", account());
		return this.http.post(this.endpoint, Map.of(), body, call, (answer) -> read(answer, requestedAt))
			.doOnNext((token) -> logger.info("Refreshed the access token of account {}; expires_in={}s", account(),
					token.expiresIn().toSeconds()));
	}

	private Token read(JsonNode answer, Instant requestedAt) {
		JsonNode value = answer.get("access_token");
		JsonNode expiresIn = answer.get("expires_in");
		if (value == null || !value.isString() || value.stringValue().isBlank() || expiresIn == null
				|| !expiresIn.isIntegralNumber() || expiresIn.longValue() <= 0) {
			return null;
		}
		Duration lifetime = Duration.ofSeconds(expiresIn.longValue());
		// A token shorter-lived than twice the margin is still used for half its life,
		// not refreshed on every call.
		Duration margin = (this.refreshMargin.compareTo(lifetime.dividedBy(2)) < 0) ? this.refreshMargin
				: lifetime.dividedBy(2);
		return new Token(value.stringValue(), lifetime, requestedAt.plus(lifetime).minus(margin));
	}

	private sealed interface State permits Token, Refresh {

	}

	private record Token(String value, Duration expiresIn, Instant refreshAt) implements State {

		@Override
		public String toString() {
			return "Token[expiresIn=" + this.expiresIn + ", refreshAt=" + this.refreshAt + "]";
		}

	}

	private record Refresh(Mono<Token> result) implements State {
	}

}
