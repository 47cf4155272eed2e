package io.saoma.bench.peer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.saoma.bench.load.PushFactory;
import io.saoma.receiver.crypto.WechatSignature;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer over real HTTP (Tomcat on loopback): it accepts the pushes the load generator
 * sends and rejects tampered ones, so the bench compares like with like.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=" })
class PeerEndpointTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Value("${local.server.port}")
	private int port;

	private final PushFactory pushes = new PushFactory();

	@Test
	void answersSuccessToAPushFromTheBenchsPushFactory() throws Exception {
		PushFactory.Push push = this.pushes.build(42, System.currentTimeMillis() / 1000);

		HttpResponse<String> response = post(push.query(), push.body());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("success");
	}

	@Test
	void rejectsAPushWhoseEncryptedBodyWasTampered() throws Exception {
		PushFactory.Push push = this.pushes.build(43, System.currentTimeMillis() / 1000);
		String body = new String(push.body(), StandardCharsets.UTF_8);
		int encrypt = body.indexOf("<Encrypt><![CDATA[") + "<Encrypt><![CDATA[".length();
		char flipped = (body.charAt(encrypt) == 'A') ? 'B' : 'A';
		String tampered = body.substring(0, encrypt) + flipped + body.substring(encrypt + 1);

		HttpResponse<String> response = post(push.query(), tampered.getBytes(StandardCharsets.UTF_8));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("error");
	}

	@Test
	void rejectsAPushWithAWrongSignature() throws Exception {
		PushFactory.Push push = this.pushes.build(44, System.currentTimeMillis() / 1000);
		String query = push.query().replace("signature=" + push.parameter("signature"), "signature=" + "0".repeat(40));

		HttpResponse<String> response = post(query, push.body());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("error");
	}

	@Test
	void answersTheUrlVerificationWithTheEchostr() throws Exception {
		String timestamp = Long.toString(System.currentTimeMillis() / 1000);
		String signature = WechatSignature.compute(PushFactory.TOKEN, timestamp, "77");
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create(url("signature=" + signature + "&timestamp=" + timestamp + "&nonce=77&echostr=e42")))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("e42");
	}

	private HttpResponse<String> post(String query, byte[] body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url(query)))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "text/xml; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String query) {
		return "http://127.0.0.1:" + this.port + "/wechat/" + PushFactory.ACCOUNT + "?" + query;
	}

}
