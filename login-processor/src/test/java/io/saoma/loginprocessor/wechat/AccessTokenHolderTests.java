package io.saoma.loginprocessor.wechat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static io.saoma.loginprocessor.wechat.FakeWechat.CREDENTIALS;
import static io.saoma.loginprocessor.wechat.FakeWechat.SECRET;
import static io.saoma.loginprocessor.wechat.FakeWechat.TOKEN_PATH;
import static io.saoma.loginprocessor.wechat.FakeWechat.error;
import static io.saoma.loginprocessor.wechat.FakeWechat.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessTokenHolderTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));

	private FakeWechat wechat;

	private AccessTokenHolder holder;

	@BeforeEach
	void startWechat() throws IOException {
		this.wechat = new FakeWechat();
		this.holder = new AccessTokenHolder(CREDENTIALS, WebClient.builder(), this.wechat.properties(), this.clock);
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

		CompletableFuture<List<String>> tokens = fiftyCallersAtOnce();
		await().until(() -> !this.wechat.requests(TOKEN_PATH).isEmpty());
		release.countDown();

		assertThat(tokens).succeedsWithin(VERIFY_TIMEOUT)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(50)
			.containsOnly("TOKEN-A");
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(1);
	}

	@Test
	void shouldRefreshOnceWhenManyCallersFindTheTokenExpiredAtOnce() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answerAfter(TOKEN_PATH, release, token("TOKEN-B", 7200));
		StepVerifier.create(this.holder.token()).expectNext("TOKEN-A").expectComplete().verify(VERIFY_TIMEOUT);
		this.clock.advance(Duration.ofHours(2));

		CompletableFuture<List<String>> tokens = fiftyCallersAtOnce();
		await().until(() -> this.wechat.requests(TOKEN_PATH).size() >= 2);
		release.countDown();

		assertThat(tokens).succeedsWithin(VERIFY_TIMEOUT)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(50)
			.containsOnly("TOKEN-B");
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
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
	void shouldFailEveryCallerWaitingForARefreshThatFails() {
		CountDownLatch release = new CountDownLatch(1);
		this.wechat.answerAfter(TOKEN_PATH, release, error(40164, "invalid ip 1.2.3.4, not in whitelist"));

		CompletableFuture<List<String>> tokens = fiftyCallersAtOnce();
		await().until(() -> !this.wechat.requests(TOKEN_PATH).isEmpty());
		release.countDown();

		assertThat(tokens).succeedsWithin(VERIFY_TIMEOUT)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(50)
			.containsOnly("errcode 40164");
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(1);
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
		this.wechat.answer(TOKEN_PATH, FakeWechat.json("{\"expires_in\":7200}"));

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
	private CompletableFuture<List<String>> fiftyCallersAtOnce() {
		return Flux.range(0, 50)
			.flatMap((caller) -> this.holder.token()
				.onErrorResume(WechatApiException.class, (ex) -> Mono.just("errcode " + ex.errcode())), 50)
			.collectList()
			.toFuture();
	}

}
