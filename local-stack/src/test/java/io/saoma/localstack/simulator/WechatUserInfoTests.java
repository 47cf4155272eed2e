package io.saoma.localstack.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.localstack.DemoAccount;
import io.saoma.loginprocessor.wechat.UserInfo;
import io.saoma.loginprocessor.wechat.WechatApiException;
import io.saoma.loginprocessor.wechat.WechatApiProperties;
import io.saoma.loginprocessor.wechat.WechatClients;
import io.saoma.loginprocessor.wechat.WechatCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The simulator's {@code cgi-bin/user/info} over real HTTP, as WeChat answers it: a user
 * who scanned the demo account's code follows it (with a stable unionid when the account
 * is bound to an Open Platform account), an openid it never saw is 40003 and a token it
 * did not hand out 40001. The login processor's own {@code user/info} client reads it.
 */
class WechatUserInfoTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final WechatPlatform platform = new WechatPlatform(Clock.systemUTC());

	private final JsonMapper json = JsonMapper.shared();

	private DisposableServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void shouldAnswerAFollowerWhoScannedWithAStableUnionidWhenBound() {
		start(true);
		this.platform.scanned("o-new-follower", true);
		String token = token();

		JsonNode user = userInfo(token, "o-new-follower");

		assertThat(user.get("subscribe").intValue()).isEqualTo(1);
		assertThat(user.get("openid").stringValue()).isEqualTo("o-new-follower");
		assertThat(user.get("language").stringValue()).isEqualTo("zh_CN");
		assertThat(user.get("subscribe_scene").stringValue()).isEqualTo("ADD_SCENE_QR_CODE");
		assertThat(user.get("unionid").stringValue()).hasSize(28)
			.startsWith("o")
			.isEqualTo(userInfo(token, "o-new-follower").get("unionid").stringValue())
			.isEqualTo(WechatPlatform.unionIdOf("o-new-follower"))
			.isNotEqualTo(WechatPlatform.unionIdOf("o-another-user"));
	}

	@Test
	void shouldAnswerNoUnionidWhenTheAccountIsNotBound() {
		start(false);
		this.platform.scanned("o-follower", false);

		JsonNode user = userInfo(token(), "o-follower");

		assertThat(user.get("subscribe").intValue()).isEqualTo(1);
		assertThat(user.has("unionid")).isFalse();
		assertThat(user.get("subscribe_scene").stringValue()).as("followed before, not by this scan")
			.isEqualTo("ADD_SCENE_OTHERS");
	}

	@Test
	void shouldRefuseAnOpenidItNeverSawWith40003AndABadTokenWith40001() {
		start(true);
		this.platform.scanned("o-follower", true);

		assertThat(userInfo(token(), "o-never-seen").get("errcode").intValue()).isEqualTo(40003);
		assertThat(userInfo("not-a-token", "o-follower").get("errcode").intValue()).isEqualTo(40001);
	}

	@Test
	void shouldBeReadByTheLoginProcessorsUserInfoClient() {
		start(true);
		this.platform.scanned("o-new-follower", true);
		WechatApiProperties api = new WechatApiProperties(URI.create(baseUrl()), URI.create(baseUrl()),
				Duration.ofSeconds(5), Duration.ofMinutes(5));
		WechatClients clients = new WechatClients(
				Map.of(DemoAccount.ID,
						new WechatCredentials(DemoAccount.ID, DemoAccount.APP_ID, DemoAccount.APP_SECRET)),
				WebClient.builder(), api, Clock.systemUTC(), new SimpleMeterRegistry());

		assertThat(clients.userInfo(DemoAccount.ID, Duration.ofSeconds(5)).get("o-new-follower").block(WAIT))
			.isEqualTo(new UserInfo(true, WechatPlatform.unionIdOf("o-new-follower"), "ADD_SCENE_QR_CODE", "zh_CN"));
		assertThatExceptionOfType(WechatApiException.class)
			.isThrownBy(() -> clients.userInfo(DemoAccount.ID, Duration.ofSeconds(5)).get("o-never-seen").block(WAIT))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("wechat_errcode_40003"));
	}

	private void start(boolean openPlatformBound) {
		WechatApiHandler wechat = new WechatApiHandler(this.platform, openPlatformBound);
		var routes = RouterFunctions.route()
			.POST("/sim/wechat/cgi-bin/stable_token", wechat::stableToken)
			.GET("/sim/wechat/cgi-bin/user/info", wechat::userInfo)
			.build();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes)))
			.bindNow();
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/sim/wechat";
	}

	private String token() {
		String answer = WebClient.create(baseUrl())
			.post()
			.uri("/cgi-bin/stable_token")
			.bodyValue(Map.of("grant_type", "client_credential", "appid", DemoAccount.APP_ID, "secret",
					DemoAccount.APP_SECRET))
			.retrieve()
			.bodyToMono(String.class)
			.block(WAIT);
		return this.json.readTree(answer).get("access_token").stringValue();
	}

	private JsonNode userInfo(String token, String openId) {
		String answer = WebClient.create(baseUrl())
			.get()
			.uri("/cgi-bin/user/info?access_token={token}&openid={openid}&lang=zh_CN", token, openId)
			.retrieve()
			.bodyToMono(String.class)
			.block(WAIT);
		return this.json.readTree(answer);
	}

}
