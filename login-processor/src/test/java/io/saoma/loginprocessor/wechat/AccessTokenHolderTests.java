package io.saoma.loginprocessor.wechat;

import io.saoma.testsupport.time.MutableClock;
import io.saoma.testsupport.wechat.FakeWechatApi;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static io.saoma.loginprocessor.wechat.WechatApiFixtures.CREDENTIALS;
import static io.saoma.loginprocessor.wechat.WechatApiFixtures.SECRET;
import static io.saoma.testsupport.wechat.FakeWechatApi.TOKEN_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.error;
import static io.saoma.testsupport.wechat.FakeWechatApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessTokenHolderTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));

	private FakeWechatApi wechat;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private AccessTokenHolder holder;

	@BeforeEach
	void startWechat() throws IOException {
		this.wechat = FakeWechatApi.scripted();
		this.holder = new AccessTokenHolder(CREDENTIALS, WechatApiFixtures.webClient(),
				WechatApiFixtures.properties(this.wechat), this.clock, this.registry);
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	@Test
	void shouldCacheTheTokenSoASecondCallMakesNoRequest() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200));

		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(1);
	}

	@Test
	void shouldAskForTheStableTokenInNormalModeSoOtherHoldersKeepTheirs() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200));

		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		var request = this.wechat.requests(TOKEN_PATH).get(0);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().query()).isNull();
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		JsonMapper json = JsonMapper.shared();
		assertThat(json.readTree(request.getBody().utf8())).isEqualTo(json.readTree("""
				{"grant_type":"client_credential","appid":"wx1234567890abcdef","secret":"%s","force_refresh":false}
				""".formatted(SECRET)));
	}

	@Test
	void shouldRefreshTheTokenOnceItIsWithinTheMarginOfItsExpiry() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		this.clock.advance(Duration.ofSeconds(7200 - 300 - 1));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(1);

		this.clock.advance(Duration.ofSeconds(2));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-B").expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
	}

	@Test
	void shouldUseATokenShorterLivedThanTwiceTheMarginForHalfItsLife() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 300), token("TOKEN-B", 7200));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		this.clock.advance(Duration.ofSeconds(149));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		this.clock.advance(Duration.ofSeconds(2));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-B").expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
	}

	@Test
	void shouldRefreshOnceWhenManyCallersNeedATokenAtOnce() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answerAfter(TOKEN_PATH, release, token("TOKEN-A", 7200));

		assertFiftyCallersShareTheRefresh(release, 1, "TOKEN-A");
	}

	@Test
	void shouldRefreshOnceWhenManyCallersFindTheTokenExpiredAtOnce() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answerAfter(TOKEN_PATH, release, token("TOKEN-B", 7200));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		this.clock.advance(Duration.ofHours(2));

		assertFiftyCallersShareTheRefresh(release, 2, "TOKEN-B");
	}

	@Test
	void shouldLetTheNextCallerTryAgainAfterAFailedRefresh() {
		this.wechat.answer(TOKEN_PATH, error(-1, "system error"), token("TOKEN-A", 7200));

		StepVerifier.create(this.holder.token())
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(WechatApiException.class).extracting("errcode").isEqualTo(-1))
			.verify(VERIFY_TIMEOUT);
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
	}

	@Test
	void shouldCountRefreshesByOutcomeSoThatAnErrcodeInAnHttp200AnswerShowsAsAFailure() {
		assertThat(refreshes("refreshed")).as("registered before any refresh").isZero();
		assertThat(refreshes("failed")).as("registered before any refresh").isZero();
		this.wechat.answer(TOKEN_PATH, error(40164, "invalid ip 1.2.3.4, not in whitelist"), token("TOKEN-A", 7200));

		StepVerifier.create(this.holder.token()).expectError(WechatApiException.class).verify(VERIFY_TIMEOUT);
		assertThat(refreshes("failed")).isEqualTo(1);
		assertThat(refreshes("refreshed")).isZero();

		// the count is taken before the waiting callers are told
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(refreshes("refreshed")).as("a cached token is no refresh").isEqualTo(1);
		assertThat(refreshes("failed")).isEqualTo(1);
	}

	private double refreshes(String outcome) {
		return this.registry.get("login.wechat.token.refreshes")
			.tag("account", CREDENTIALS.account())
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	@Test
	void shouldFailEveryCallerWaitingForARefreshThatFails() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answerAfter(TOKEN_PATH, release, error(40164, "invalid ip 1.2.3.4, not in whitelist"));

		assertFiftyCallersShareTheRefresh(release, 1, "errcode 40164");
	}

	@Test
	void shouldKeepTheSharedRefreshRunningWhenOneCallerGivesUp() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answerAfter(TOKEN_PATH, release, token("TOKEN-A", 7200));

		Disposable impatient = this.holder.token().subscribe();
		CompletableFuture<String> patient = this.holder.token().toFuture();
		await().until(() -> !this.wechat.requests(TOKEN_PATH).isEmpty());
		impatient.dispose();
		release.countDown();

		assertThat(patient).succeedsWithin(VERIFY_TIMEOUT).isEqualTo("TOKEN-A");
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(1);
	}

	@Test
	void shouldDropOnlyTheTokenThatWasRejected() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200), token("TOKEN-C", 7200));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

		this.holder.invalidate("TOKEN-A");
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-B").expectComplete().verify(VERIFY_TIMEOUT);

		this.holder.invalidate("TOKEN-A");
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-B").expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
	}

	@Test
	void shouldReportAnAnswerWithoutAnAccessTokenAsTemporary() {
		this.wechat.answer(TOKEN_PATH, FakeWechatApi.json("{\"expires_in\":7200}"));

		StepVerifier.create(this.holder.token())
			.expectErrorSatisfies((ex) -> assertThat((WechatApiException) ex).satisfies((failure) -> {
				assertThat(failure.status()).isEqualTo(503);
				assertThat(failure.errcode()).isNull();
			}))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void shouldLogARefreshWithItsLifetimeButNeverTheToken() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200));

		try (LogCapture logs = new LogCapture()) {
			StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);

			assertThat(logs.lines(Level.INFO)).anySatisfy(
					(line) -> assertThat(line).startsWith("INFO").contains("account main").contains("expires_in=7200"));
			assertThat(logs.lines(Level.TRACE)).noneMatch((line) -> line.contains("TOKEN-A") || line.contains(SECRET));
		}
	}

	/**
	 * Fifty subscriptions made before this returns; each yields its token or
	 * {@code errcode N}.
	 */
	/**
	 * Fifty callers ask for a token at once while the token request number
	 * {@code refreshes} waits for {@code release}: all get the same answer, and no other
	 * request is made.
	 */
	private void assertFiftyCallersShareTheRefresh(CountDownLatch release, int refreshes, String everyAnswer) {
		CompletableFuture<List<String>> tokens = fiftyCallersAtOnce();
		await().until(() -> this.wechat.requests(TOKEN_PATH).size() >= refreshes);
		release.countDown();

		assertThat(tokens).succeedsWithin(VERIFY_TIMEOUT)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(50)
			.containsOnly(everyAnswer);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(refreshes);
	}

	private CompletableFuture<List<String>> fiftyCallersAtOnce() {
		return Flux.range(0, 50)
			.flatMap((caller) -> this.holder.token()
				.onErrorResume(WechatApiException.class, (ex) -> Mono.just("errcode " + ex.errcode())), 50)
			.collectList()
			.toFuture();
	}

}
