package io.saoma.loginprocessor.wechat;

import java.time.Duration;

import io.saoma.testsupport.wechat.FakeWechatApi;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static io.saoma.testsupport.wechat.FakeWechatApi.TOKEN_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.error;
import static io.saoma.testsupport.wechat.FakeWechatApi.json;
import static io.saoma.testsupport.wechat.FakeWechatApi.token;
import static org.assertj.core.api.Assertions.assertThat;

class UserInfoClientTests {

	static final String USER_INFO_PATH = "/cgi-bin/user/info";

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private FakeWechatApi wechat;

	private UserInfoClient client;

	@BeforeEach
	void startWechat() {
		this.wechat = FakeWechatApi.scripted();
		WechatApiProperties properties = WechatApiFixtures.properties(this.wechat);
		this.client = new UserInfoClient(
				new AccessTokenHolder(WechatApiFixtures.CREDENTIALS, WechatApiFixtures.webClient(), properties),
				WechatApiFixtures.webClient(), properties.baseUrl(), Duration.ofSeconds(2));
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	@Test
	void shouldGetTheUserWithTheAccessTokenTheOpenidAndChineseAsLanguage() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(USER_INFO_PATH, json("""
				{"subscribe":1,"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","language":"zh_CN","subscribe_time":1382694957,
				 "unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL","remark":"","groupid":0,"tagid_list":[128,2],
				 "subscribe_scene":"ADD_SCENE_QR_CODE","qr_scene":98765,"qr_scene_str":""}
				"""));

		StepVerifier.create(this.client.get("o6_bmjrPTlm6_2sgVt7hMZOPfL2M"))
			.expectNext(new UserInfo(true, "o6_bmasdasdsad6_2sgVt7hMZOPfL", "ADD_SCENE_QR_CODE", "zh_CN"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.wechat.requests(USER_INFO_PATH).get(0);
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getUrl().queryParameter("access_token")).isEqualTo("TOKEN-A");
		assertThat(request.getUrl().queryParameter("openid")).isEqualTo("o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
		assertThat(request.getUrl().queryParameter("lang")).isEqualTo("zh_CN");
	}

	@Test
	void shouldHaveNoUnionidWhenTheAccountIsBoundToNoOpenPlatformAccount() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(USER_INFO_PATH, json("""
				{"subscribe":1,"openid":"o-1","language":"zh_CN","subscribe_scene":"ADD_SCENE_QR_CODE"}
				"""));

		StepVerifier.create(this.client.get("o-1"))
			.expectNext(new UserInfo(true, null, "ADD_SCENE_QR_CODE", "zh_CN"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void shouldSayAUserWhoDoesNotFollowIsNotSubscribed() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200))
			.answer(USER_INFO_PATH, json("{\"subscribe\":0,\"openid\":\"o-1\"}"));

		StepVerifier.create(this.client.get("o-1"))
			.expectNext(new UserInfo(false, null, null, null))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void shouldRefreshTheTokenAndRetryOnceWhenWechatRejectsIt() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200))
			.answer(USER_INFO_PATH, error(40001, "invalid credential, access_token is invalid or not latest"),
					json("{\"subscribe\":1,\"openid\":\"o-1\"}"));

		StepVerifier.create(this.client.get("o-1"))
			.expectNext(new UserInfo(true, null, null, null))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests(USER_INFO_PATH))
			.extracting((request) -> request.getUrl().queryParameter("access_token"))
			.containsExactly("TOKEN-A", "TOKEN-B");
	}

	@Test
	void shouldReportAnUnknownOpenidWithItsErrcodeAsReason() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(USER_INFO_PATH, error(40003, "invalid openid"));

		StepVerifier.create(this.client.get("o-unknown"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(WechatApiException.class, (refused) -> {
				assertThat(refused.errcode()).isEqualTo(40003);
				assertThat(refused.reason()).isEqualTo("wechat_errcode_40003");
				assertThat(refused.getMessage()).doesNotContain("TOKEN-A").doesNotContain("o-unknown");
			}))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void shouldReportAnAnswerWithoutSubscribeAsUnparseable() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(USER_INFO_PATH, json("{\"openid\":\"o-1\"}"));

		StepVerifier.create(this.client.get("o-1"))
			.expectErrorSatisfies(
					(ex) -> assertThat(((WechatApiException) ex).reason()).isEqualTo("wechat_unparseable"))
			.verify(VERIFY_TIMEOUT);
	}

}
