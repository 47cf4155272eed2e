package io.saoma.loginprocessor.profile;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.loginprocessor.config.ProfileProperties;
import io.saoma.loginprocessor.wechat.UserInfo;
import io.saoma.loginprocessor.wechat.WechatApiProperties;
import io.saoma.loginprocessor.wechat.WechatClients;
import io.saoma.loginprocessor.wechat.WechatCredentials;
import io.saoma.testsupport.wechat.FakeWechatApi;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static io.saoma.testsupport.wechat.FakeWechatApi.TOKEN_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.error;
import static io.saoma.testsupport.wechat.FakeWechatApi.json;
import static io.saoma.testsupport.wechat.FakeWechatApi.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles over a real HTTP {@code user/info} (a {@link FakeWechatApi}): what a
 * redemption's caller gets for a bound and an unbound account and for every kind of
 * failure, within the timeout, and how the cache spares WeChat.
 */
class ProfilesTests {

	private static final String USER_INFO_PATH = "/cgi-bin/user/info";

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	/** Long enough for a first call on a busy machine (token, connection, answer). */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

	private static final Duration TTL = Duration.ofMinutes(10);

	private static final WechatCredentials MAIN = new WechatCredentials("main", "wx1234567890abcdef",
			"s3cr3t-app-secret-0123456789abcdef");

	private static final WechatCredentials OTHER = new WechatCredentials("other", "wx0000000000000other",
			"s3cr3t-app-secret-of-other-0123456");

	private final JsonMapper json = JsonMapper.shared();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FakeTicker ticker = new FakeTicker();

	private FakeWechatApi wechat;

	private Profiles profiles;

	@BeforeEach
	void startWechat() {
		this.wechat = FakeWechatApi.scripted();
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200));
		this.profiles = profiles(this.wechat.baseUrl());
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	@Test
	void shouldCarryTheUnionidWhenTheAccountIsBoundToAnOpenPlatformAccount() {
		this.wechat.answer(USER_INFO_PATH, userInfo("o-1", "oUnion-of-o-1"));

		assertThat(serialized(this.profiles.of("main", "o-1"))).isEqualTo(
				"""
						{"available":true,"unionId":"oUnion-of-o-1","subscribeScene":"ADD_SCENE_QR_CODE","language":"zh_CN","subscribed":true}""");
		assertThat(this.wechat.requests(USER_INFO_PATH)).singleElement()
			.satisfies((request) -> assertThat(request.getUrl().queryParameter("openid")).isEqualTo("o-1"));
	}

	@Test
	void shouldLeaveTheUnionidOutWhenTheAccountIsBoundToNoOpenPlatformAccount() {
		this.wechat.answer(USER_INFO_PATH, userInfo("o-1", null));

		assertThat(serialized(this.profiles.of("main", "o-1"))).isEqualTo("""
				{"available":true,"subscribeScene":"ADD_SCENE_QR_CODE","language":"zh_CN","subscribed":true}""");
	}

	@Test
	void shouldBeUnavailableWithTheErrcodeWhenWechatDoesNotKnowTheOpenid() {
		this.wechat.answer(USER_INFO_PATH, error(40003, "invalid openid rid: 1"));

		assertThat(serialized(this.profiles.of("main", "o-unknown")))
			.isEqualTo("{\"available\":false,\"reason\":\"wechat_errcode_40003\"}");
		assertThat(count("error", "wechat_errcode_40003")).isEqualTo(1);
	}

	@Test
	void shouldBeUnavailableWhenWechatAnswersAnHttpError() {
		this.wechat.answer(USER_INFO_PATH, new MockResponse.Builder().code(500).body("oops").build());

		assertThat(this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT))
			.isEqualTo(Profile.unavailable("wechat_http_500"));
	}

	@Test
	void shouldBeUnavailableWithinTheTimeoutWhenWechatDoesNotAnswer() {
		this.wechat.answerAfter(USER_INFO_PATH, new CountDownLatch(1), userInfo("o-1", "oUnion-of-o-1"));
		Profiles impatient = profiles(this.wechat.baseUrl(), SHORT_TIMEOUT);

		long started = System.nanoTime();
		assertThat(impatient.of("main", "o-1").block(VERIFY_TIMEOUT)).isEqualTo(Profile.unavailable("timeout"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHORT_TIMEOUT.plusSeconds(2));
		assertThat(count("error", "timeout")).isEqualTo(1);
	}

	@Test
	void shouldBeUnavailableWhenWechatCannotBeReached() {
		Profiles unreachable = profiles(URI.create("http://127.0.0.1:9"));

		assertThat(unreachable.of("main", "o-1").block(VERIFY_TIMEOUT))
			.isEqualTo(Profile.unavailable("wechat_unreachable"));
	}

	@Test
	void shouldAskWechatOncePerUserUntilTheCacheTtlPasses() {
		this.wechat.answer(USER_INFO_PATH, userInfo("o-1", "oUnion-1"), userInfo("o-1", "oUnion-1"));

		Profile first = this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT);
		this.ticker.advance(TTL.minusSeconds(1));
		Profile second = this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT);

		assertThat(second).isEqualTo(first);
		assertThat(first.unionId()).isEqualTo("oUnion-1");
		assertThat(this.wechat.requests(USER_INFO_PATH)).hasSize(1);
		assertThat(count("miss", "none")).isEqualTo(1);
		assertThat(count("hit", "none")).isEqualTo(1);

		this.ticker.advance(Duration.ofSeconds(2));
		assertThat(this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT)).isEqualTo(first);
		assertThat(this.wechat.requests(USER_INFO_PATH)).as("asked again after the ttl").hasSize(2);
	}

	@Test
	void shouldKeepTheProfilesOfTwoAccountsApart() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-OTHER", 7200))
			.answer(USER_INFO_PATH, userInfo("o-1", "oUnion-1"), userInfo("o-1", null));

		assertThat(this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT).unionId()).isEqualTo("oUnion-1");
		assertThat(this.profiles.of("other", "o-1").block(VERIFY_TIMEOUT).unionId()).isNull();
		assertThat(this.wechat.requests(USER_INFO_PATH)).hasSize(2);
	}

	@Test
	void shouldNotRememberAFailure() {
		this.wechat.answer(USER_INFO_PATH, error(-1, "system error"), userInfo("o-1", "oUnion-1"));

		assertThat(this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT))
			.isEqualTo(Profile.unavailable("wechat_errcode_-1"));
		assertThat(this.profiles.of("main", "o-1").block(VERIFY_TIMEOUT).unionId()).isEqualTo("oUnion-1");
		assertThat(this.wechat.requests(USER_INFO_PATH)).hasSize(2);
	}

	@Test
	void shouldGiveNoProfileForAnAccountThatDidNotOptIn() {
		StepVerifier.create(this.profiles.of("shop", "o-1")).expectComplete().verify(VERIFY_TIMEOUT);
		assertThat(this.wechat.requests(USER_INFO_PATH)).isEmpty();
	}

	@Test
	void shouldTagLookupsWithNeitherOpenidNorToken() {
		this.wechat.answer(USER_INFO_PATH, userInfo("o-secret-openid", "oUnion-1"));
		this.profiles.of("main", "o-secret-openid").block(VERIFY_TIMEOUT);

		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags()).allSatisfy(
				(tag) -> assertThat(tag.getValue()).doesNotContain("o-secret-openid").doesNotContain("TOKEN-A")));
	}

	private Profiles profiles(URI baseUrl) {
		return profiles(baseUrl, TIMEOUT);
	}

	private Profiles profiles(URI baseUrl, Duration timeout) {
		WechatApiProperties api = new WechatApiProperties(baseUrl, URI.create("https://mp.weixin.qq.com"),
				Duration.ofSeconds(5), Duration.ofMinutes(5));
		WechatClients clients = new WechatClients(Map.of("main", MAIN, "other", OTHER), WebClient.builder(), api,
				Clock.systemUTC(), new SimpleMeterRegistry());
		ProfileProperties properties = new ProfileProperties(List.of("main", "other"), timeout, TTL, 100);
		Map<String, Function<String, Mono<UserInfo>>> lookups = Map.of("main", clients.userInfo("main", timeout)::get,
				"other", clients.userInfo("other", timeout)::get);
		return new Profiles(lookups, properties, this.ticker, this.registry);
	}

	private String serialized(Mono<Profile> profile) {
		return this.json.writeValueAsString(profile.block(VERIFY_TIMEOUT));
	}

	private double count(String outcome, String reason) {
		return this.registry.counter("login.profile.lookups", "account", "main", "outcome", outcome, "reason", reason)
			.count();
	}

	static MockResponse userInfo(String openId, String unionId) {
		return json(
				"{\"subscribe\":1,\"openid\":\"" + openId + "\",\"language\":\"zh_CN\",\"subscribe_time\":1764547200,"
						+ ((unionId != null) ? "\"unionid\":\"" + unionId + "\"," : "")
						+ "\"remark\":\"\",\"groupid\":0,\"tagid_list\":[],\"subscribe_scene\":\"ADD_SCENE_QR_CODE\","
						+ "\"qr_scene\":0,\"qr_scene_str\":\"\"}");
	}

	/** Time that moves only when a test says. */
	static final class FakeTicker implements Ticker {

		private final AtomicLong nanos = new AtomicLong();

		@Override
		public long read() {
			return this.nanos.get();
		}

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

	}

}
