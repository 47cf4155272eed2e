package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.config.ProfileProperties;
import io.saoma.loginprocessor.config.RedeemProperties;
import io.saoma.loginprocessor.profile.Profile;
import io.saoma.loginprocessor.profile.Profiles;
import io.saoma.loginprocessor.topology.StatusProcessor;
import io.saoma.loginprocessor.wechat.UserInfo;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedemptionsTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	private static final RedeemProperties SETTINGS = new RedeemProperties(Duration.ofMillis(500),
			Duration.ofMillis(20));

	private final Map<String, LoginStatus> statuses = new ConcurrentHashMap<>();

	private final StatusUpdates updates = new StatusUpdates();

	private final FakeStatusTask task = new FakeStatusTask(this.statuses, this.updates);

	private final MockProducer<String, Object> producer = producer(true);

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Redemptions redemptions = redemptions(this.producer);

	@AfterEach
	void tearDown() {
		this.executor.shutdownNow();
	}

	@Test
	void shouldReturnTheIdentityToTheRequestTheStatusTaskLetWinAndRefuseTheNextOne() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, null)).assertNext((identity) -> {
			assertThat(identity.openId()).isEqualTo("openid-1");
			assertThat(identity.newFollower()).isTrue();
			assertThat(identity.account()).isEqualTo("main");
		}).verifyComplete();
		assertThat(this.producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.Names.LOGIN_REDEMPTIONS);
			assertThat(record.key()).isEqualTo("login-1");
			RedemptionRequest request = (RedemptionRequest) record.value();
			assertThat(request.getCodeHash()).isEqualTo(StatusProcessor.codeHash("login-1.secret"))
				.doesNotContain("secret");
			assertThat(request.getRequestId()).isEqualTo(this.statuses.get("login-1").getRedemptionId());
		});
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(409))
			.verify();
		assertThat(this.producer.history()).as("a redeemed code is refused without asking the task").hasSize(1);
		assertThat(this.registry.counter("login.redemptions", "outcome", "redeemed").count()).isEqualTo(1);
		assertThat(this.registry.counter("login.redemptions", "outcome", "already_redeemed").count()).isEqualTo(1);
	}

	@Test
	void shouldGiveTheIdentityToExactlyOneOfConcurrentRedemptions() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.task.pause();
		CompletableFuture<Redemptions.Identity> first = this.redemptions.redeem("login-1", "login-1.secret", null, null)
			.toFuture();
		CompletableFuture<Redemptions.Identity> second = this.redemptions
			.redeem("login-1", "login-1.secret", null, null)
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.task.waiting() == 2);
		this.task.resume();

		await().atMost(Duration.ofSeconds(5)).until(() -> first.isDone() && second.isDone());
		assertThat(Stream.of(first, second).filter((answer) -> !answer.isCompletedExceptionally())).hasSize(1);
		assertThat(Stream.of(first, second).filter(CompletableFuture::isCompletedExceptionally)).singleElement()
			.satisfies((lost) -> assertThat(failure(lost)).isInstanceOfSatisfying(ApiException.class,
					(ex) -> assertThat(ex.error()).isEqualTo("already_redeemed")));
	}

	@Test
	void shouldRefuseACodeRedeemedByAnotherRequestAfterARestart() {
		this.statuses.put("login-1",
				LoginStatus.newBuilder(succeeded("login-1", "login-1.secret"))
					.setState(LoginState.REDEEMED)
					.setRedemptionId("another-request")
					.build());
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).error()).isEqualTo("already_redeemed"))
			.verify();
	}

	@Test
	void shouldAnswer503WhenNoDecisionComesAndGiveTheIdentityToARetryWithTheSameIdempotencyKey() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.task.pause();
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, "key-1"))
			.expectErrorSatisfies((ex) -> {
				assertThat(((ApiException) ex).status().value()).isEqualTo(503);
				assertThat(((ApiException) ex).retryAfterSeconds()).isEqualTo(1L);
			})
			.verify();
		// the request won after the caller stopped waiting
		this.task.resume();
		assertThat(this.statuses.get("login-1").getState()).isEqualTo(LoginState.REDEEMED);

		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, "key-1"))
			.assertNext((identity) -> assertThat(identity.openId()).isEqualTo("openid-1"))
			.verifyComplete();
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, "key-2"))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).error()).isEqualTo("already_redeemed"))
			.verify();
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null, null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).error()).isEqualTo("already_redeemed"))
			.verify();
	}

	@Test
	void shouldDeriveTheSameRequestIdFromTheSameKeyOnlyForTheSameLogin() {
		assertThat(Redemptions.requestId("login-1", "key-1")).isEqualTo(Redemptions.requestId("login-1", "key-1"))
			.isNotEqualTo(Redemptions.requestId("login-2", "key-1"))
			.doesNotContain("key-1");
		assertThat(Redemptions.requestId("login-1", null)).isNotEqualTo(Redemptions.requestId("login-1", null));
	}

	@Test
	void shouldRefuseWrongUnknownAndUndecidedCodesAlike() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.statuses.put("login-2",
				LoginStatus.newBuilder(succeeded("login-2", null)).setState(LoginState.PENDING).build());
		for (String[] attempt : new String[][] { { "login-1", "login-1.guess" }, { "login-3", "login-3.secret" },
				{ "login-2", "login-2.secret" } }) {
			StepVerifier.create(this.redemptions.redeem(attempt[0], attempt[1], null, null))
				.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(404))
				.verify();
		}
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldAnswer404WhenTheLoginIsRemovedWhileItsRedemptionWaits() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.task.pause();
		CompletableFuture<Redemptions.Identity> answer = this.redemptions
			.redeem("login-1", "login-1.secret", null, null)
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.task.waiting() == 1);
		this.statuses.remove("login-1");
		await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
		assertThat(failure(answer)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.error()).isEqualTo("unknown_code"));
	}

	@Test
	void shouldLetTheCodeBeRetriedWhenTheRequestCannotBeRecorded() {
		Redemptions unreliable = redemptions(producer(false));
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		for (int attempt = 0; attempt < 2; attempt++) {
			StepVerifier.create(unreliable.redeem("login-1", "login-1.secret", null, null))
				.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(503))
				.verify();
		}
		assertThat(this.statuses.get("login-1").getState()).isEqualTo(LoginState.SUCCEEDED);
		// the watch is released after the answer reached the caller (doFinally), possibly
		// on the producer's thread
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.updates.watchedCount()).as("no watch is left behind").isZero());
	}

	@Test
	void shouldCarryTheProfileOfAnAccountThatOptedInAlsoOnAReplay() {
		AtomicInteger lookups = new AtomicInteger();
		Redemptions withProfiles = redemptions(this.producer, profiles((openId) -> {
			lookups.incrementAndGet();
			return Mono.just(new UserInfo(true, "union-of-" + openId, "ADD_SCENE_QR_CODE", "zh_CN"));
		}));
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));

		for (int attempt = 0; attempt < 2; attempt++) {
			StepVerifier.create(withProfiles.redeem("login-1", "login-1.secret", null, "key-1"))
				.assertNext((identity) -> {
					assertThat(identity.openId()).isEqualTo("openid-1");
					assertThat(identity.profile())
						.isEqualTo(new Profile(true, "union-of-openid-1", "ADD_SCENE_QR_CODE", "zh_CN", true, null));
				})
				.verifyComplete();
		}
		assertThat(lookups).as("the replay is answered from the cache").hasValue(1);
	}

	@Test
	void shouldAnswerTheIdentityWithAnUnavailableProfileWhenWechatDoesNotAnswerInTime() {
		Redemptions withProfiles = redemptions(this.producer, profiles((openId) -> Mono.never()));
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));

		StepVerifier.create(withProfiles.redeem("login-1", "login-1.secret", null, null)).assertNext((identity) -> {
			assertThat(identity.openId()).isEqualTo("openid-1");
			assertThat(identity.profile()).isEqualTo(Profile.unavailable("timeout"));
		}).verifyComplete();
		assertThat(this.statuses.get("login-1").getState()).isEqualTo(LoginState.REDEEMED);
	}

	@Test
	void shouldLeaveTheProfileOutOfTheAnswerOfAnAccountThatDidNotOptIn() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));

		Redemptions.Identity identity = this.redemptions.redeem("login-1", "login-1.secret", null, null)
			.block(Duration.ofSeconds(5));

		assertThat(identity.profile()).isNull();
		assertThat(JsonMapper.shared().writeValueAsString(identity)).contains("\"openId\":\"openid-1\"")
			.doesNotContain("profile");
	}

	private Profiles profiles(Function<String, Mono<UserInfo>> lookup) {
		return new Profiles(Map.of("main", lookup),
				new ProfileProperties(List.of("main"), Duration.ofMillis(200), Duration.ofMinutes(10), 100),
				Ticker.systemTicker(), this.registry);
	}

	private static Throwable failure(CompletableFuture<?> answer) {
		return answer.handle((value, ex) -> ex).join();
	}

	private Redemptions redemptions(MockProducer<String, Object> producer) {
		return redemptions(producer, Profiles.none(this.registry));
	}

	private Redemptions redemptions(MockProducer<String, Object> producer, Profiles profiles) {
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
		template.setProducerListener(this.task);
		return new Redemptions(new FakeStore(this.statuses), this.updates,
				new AcknowledgedSends<>(template, Duration.ofMillis(200), this.executor),
				Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS, this.registry, profiles);
	}

	private static MockProducer<String, Object> producer(boolean autoComplete) {
		return new MockProducer<>(autoComplete, null, new StringSerializer(), new DelegatingByTypeSerializer(
				Map.of(RedemptionRequest.class, AvroSerdes.redemptionRequest().serializer()))) {

			// the template closes its (here: the one) producer after every send
			@Override
			public void close(Duration timeout) {
			}

		};
	}

	private static LoginStatus succeeded(String loginId, String code) {
		return new LoginStatus(loginId, "main", "wx1", LoginState.SUCCEEDED, NOW.plusSeconds(300), NOW, code,
				"openid-1", true, "scene", NOW, null, null, null);
	}

	private static final class FakeStore extends StatusStore {

		private final Map<String, LoginStatus> statuses;

		FakeStore(Map<String, LoginStatus> statuses) {
			super(null, new HostInfo("localhost", 1));
			this.statuses = statuses;
		}

		@Override
		public LoginStatus get(String loginId) {
			return this.statuses.get(loginId);
		}

	}

}
