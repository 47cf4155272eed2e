package io.saoma.testsupport.wechat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FakeWechatApiTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void shouldIssueATicketNamedAfterTheSceneOfEveryQrCode() throws Exception {
		try (FakeWechatApi wechat = FakeWechatApi.issuingQrCodes()) {
			String token = post(wechat, FakeWechatApi.TOKEN_PATH, "{\"appid\":\"wx1\",\"secret\":\"s\"}");
			String code = post(wechat, FakeWechatApi.CREATE_PATH + "?access_token=FAKE-TOKEN",
					"{\"expire_seconds\":300,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"s-1\"}}}");
			String blocked = post(wechat, FakeWechatApi.TOKEN_PATH,
					"{\"appid\":\"" + FakeWechatApi.BLOCKED_APP_ID + "\",\"secret\":\"s\"}");

			assertThat(token).isEqualTo("{\"access_token\":\"FAKE-TOKEN\",\"expires_in\":7200}");
			assertThat(code)
				.isEqualTo("{\"ticket\":\"TICKET-s-1\",\"expire_seconds\":300,\"url\":\"http://weixin.qq.com/q/s-1\"}");
			assertThat(FakeWechatApi.ticketOf(FakeWechatApi.sceneOf("http://weixin.qq.com/q/s-1")))
				.isEqualTo("TICKET-s-1");
			assertThat(blocked).contains("\"errcode\":40164");
			assertThat(wechat.requests(FakeWechatApi.TOKEN_PATH)).hasSize(2);
		}
	}

	@Test
	void shouldAnswerWhatIsScriptedInOrderAnd404Otherwise() throws Exception {
		try (FakeWechatApi wechat = FakeWechatApi.scripted()) {
			wechat.answer(FakeWechatApi.TOKEN_PATH, FakeWechatApi.token("A", 60), FakeWechatApi.error(-1, "busy"));

			assertThat(post(wechat, FakeWechatApi.TOKEN_PATH, "{}"))
				.isEqualTo("{\"access_token\":\"A\",\"expires_in\":60}");
			assertThat(post(wechat, FakeWechatApi.TOKEN_PATH, "{}")).isEqualTo("{\"errcode\":-1,\"errmsg\":\"busy\"}");
			assertThat(post(wechat, FakeWechatApi.TOKEN_PATH, "{}")).isEqualTo("404 nothing scripted");
			assertThat(wechat.requests()).hasSize(3);
		}
	}

	private String post(FakeWechatApi wechat, String pathAndQuery, String json)
			throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + pathAndQuery))
				.timeout(Duration.ofSeconds(5))
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? response.body() : response.statusCode() + " " + response.body();
	}

}
