package io.saoma.bench.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake WeChat API answers the login processor's two calls over real HTTP and
 * remembers the scene of each ticket it issued.
 */
class FakeWechatApiTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void issuesATicketPerQrCodeAndKnowsItsScene() throws Exception {
		try (FakeWechatApi api = FakeWechatApi.start()) {
			String token = post(api, "/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\"}");
			assertThat(token).contains("\"access_token\":\"" + FakeWechatApi.ACCESS_TOKEN + "\"");
			String answer = post(api, "/cgi-bin/qrcode/create?access_token=" + FakeWechatApi.ACCESS_TOKEN,
					"{\"expire_seconds\":600,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"abc123\"}}}");
			Matcher ticket = Pattern.compile("\"ticket\":\"([^\"]+)\"").matcher(answer);
			assertThat(ticket.find()).isTrue();
			assertThat(answer).contains("\"expire_seconds\":600")
				.contains("\"url\":\"http://weixin.qq.com/q/" + ticket.group(1) + "\"");
			assertThat(api.sceneOf(ticket.group(1))).isEqualTo("abc123");
		}
	}

	private String post(FakeWechatApi api, String path, String body) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
