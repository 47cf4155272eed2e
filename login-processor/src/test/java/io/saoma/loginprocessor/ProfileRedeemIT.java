package io.saoma.loginprocessor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.saoma.schemas.event.EncryptionMode;
import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.wechat.FakeWechatApi;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A site's backend redeems codes over HTTP from a login processor whose account opted in
 * to profiles ({@code login.profile.accounts=main}), against a WeChat API on a real
 * socket: the identity carries the unionid, a second login of the same user is answered
 * from the cache, a replay carries the profile again, and a user WeChat does not know
 * still logs in, with an unavailable profile.
 */
class ProfileRedeemIT {

	private static final String USER_INFO_PATH = "/cgi-bin/user/info";

	private static final WebClient client = WebClient.create();

	private static final JsonMapper json = JsonMapper.shared();

	private static FakeWechatApi wechat;

	private static LoginProcessorRun processor;

	private static EventProducer events;

	@BeforeAll
	static void start() {
		wechat = FakeWechatApi.issuingQrCodes();
		processor = LoginProcessorRun.start("profile-redeem-it", "--wechat.api.base-url=" + wechat.baseUrl(),
				"--login.profile.accounts=main",
				// a first call on a busy machine (token, connection) may take longer than
				// the default
				"--login.profile.timeout=5s");
		events = new EventProducer(processor.broker().bootstrapServers());
	}

	@AfterAll
	static void stop() {
		if (events != null) {
			events.close();
		}
		if (processor != null) {
			processor.close();
		}
		if (wechat != null) {
			wechat.close();
		}
	}

	@Test
	void shouldAnswerTheUnionidOfTheUserOnceAskedAndRememberIt() {
		String openId = "o" + Long.toHexString(System.nanoTime());
		wechat.answer(USER_INFO_PATH, userInfo(openId, "oUnion-" + openId));

		String firstCode = loginAs(openId);
		ResponseEntity<String> first = redeem(firstCode, "attempt-1");
		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode identity = json.readTree(first.getBody());
		assertThat(identity.get("openId").stringValue()).isEqualTo(openId);
		assertThat(identity.get("profile")).isEqualTo(json.readTree(
				"""
						{"available":true,"unionId":"oUnion-%s","subscribeScene":"ADD_SCENE_QR_CODE","language":"zh_CN","subscribed":true}
						"""
					.formatted(openId)));

		ResponseEntity<String> replay = redeem(firstCode, "attempt-1");
		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(json.readTree(replay.getBody())).isEqualTo(identity);

		JsonNode again = json.readTree(redeem(loginAs(openId), null).getBody());
		assertThat(again.get("loginId")).isNotEqualTo(identity.get("loginId"));
		assertThat(again.get("profile")).isEqualTo(identity.get("profile"));
		assertThat(wechat.requests(USER_INFO_PATH)).as("one user/info call for the user's two logins and a replay")
			.filteredOn((request) -> openId.equals(request.getUrl().queryParameter("openid")))
			.hasSize(1);
	}

	@Test
	void shouldStillAnswerTheIdentityWhenWechatDoesNotKnowTheUser() {
		String openId = "o" + Long.toHexString(System.nanoTime());
		wechat.answer(USER_INFO_PATH, FakeWechatApi.error(40003, "invalid openid rid: 6929a3b1-1"));

		ResponseEntity<String> answer = redeem(loginAs(openId), null);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode identity = json.readTree(answer.getBody());
		assertThat(identity.get("openId").stringValue()).isEqualTo(openId);
		assertThat(identity.get("profile"))
			.isEqualTo(json.readTree("{\"available\":false,\"reason\":\"wechat_errcode_40003\"}"));
	}

	/** Starts a login, scans it as a new follower, and returns its one-time code. */
	private static String loginAs(String openId) {
		Map<String, Object> login = client.post()
			.uri(url("/api/qr-logins"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("account", "main"))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(15));
		String scene = FakeWechatApi.sceneOf((String) login.get("qrContent"));
		events.send(TestEvents.subscribe(scene, FakeWechatApi.ticketOf(scene))
			.from(openId)
			.encryption(EncryptionMode.SAFE)
			.build());
		events.flush();
		AtomicReference<String> code = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			Map<String, Object> status = client.get()
				.uri(url("/api/qr-logins/" + login.get("loginId")))
				.retrieve()
				.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.block(Duration.ofSeconds(10));
			assertThat(status).containsEntry("status", "SUCCEEDED");
			code.set((String) status.get("code"));
		});
		return code.get();
	}

	private static ResponseEntity<String> redeem(String code, String idempotencyKey) {
		return client.post()
			.uri(url("/api/qr-logins/redeem"))
			.header("Authorization", "Bearer " + LoginProcessorRun.REDEEM_API_KEY)
			.headers((headers) -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(15));
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + processor.port() + path;
	}

	private static MockResponse userInfo(String openId, String unionId) {
		return FakeWechatApi.json("{\"subscribe\":1,\"openid\":\"" + openId + "\",\"language\":\"zh_CN\","
				+ "\"subscribe_time\":1764547200,\"unionid\":\"" + unionId + "\",\"remark\":\"\",\"groupid\":0,"
				+ "\"tagid_list\":[],\"subscribe_scene\":\"ADD_SCENE_QR_CODE\",\"qr_scene\":0,\"qr_scene_str\":\"\"}");
	}

}
