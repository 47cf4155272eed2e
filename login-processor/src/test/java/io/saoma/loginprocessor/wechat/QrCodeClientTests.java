package io.saoma.loginprocessor.wechat;

import io.saoma.testsupport.wechat.FakeWechatApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static io.saoma.testsupport.wechat.FakeWechatApi.CREATE_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.TOKEN_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.error;
import static io.saoma.testsupport.wechat.FakeWechatApi.qrCode;
import static io.saoma.testsupport.wechat.FakeWechatApi.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QrCodeClientTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private static final String TICKET = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3Zh"
			+ "YmJJAAIEZ23sUwMEmm3sUw==";

	private FakeWechatApi wechat;

	private QrCodeClient client;

	@BeforeEach
	void startWechat() throws IOException {
		this.wechat = FakeWechatApi.scripted();
		WechatApiProperties properties = WechatApiFixtures.properties(this.wechat);
		this.client = WechatApiFixtures.qrCodeClient(properties);
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	@Test
	void shouldPostATemporaryStringSceneCodeWithTheAccessToken() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(CREATE_PATH, qrCode(TICKET, 300));

		StepVerifier.create(this.client.createTemporary("scene-1", Duration.ofMinutes(5)))
			.expectNext(new QrCode(TICKET, 300, "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.wechat.requests(CREATE_PATH).get(0);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().queryParameterNames()).containsExactly("access_token");
		assertThat(request.getUrl().queryParameter("access_token")).isEqualTo("TOKEN-A");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		JsonMapper json = JsonMapper.shared();
		assertThat(json.readTree(request.getBody().utf8())).isEqualTo(json.readTree("""
				{"expire_seconds":300,"action_name":"QR_STR_SCENE","action_info":{"scene":{"scene_str":"scene-1"}}}
				"""));
	}

	@Test
	void shouldAcceptTheLongestSceneAndLifetimeWechatAllows() {
		String scene = "s".repeat(64);
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200)).answer(CREATE_PATH, qrCode(TICKET, 2_592_000));

		StepVerifier.create(this.client.createTemporary(scene, Duration.ofDays(30)))
			.expectNextCount(1)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		String body = this.wechat.requests(CREATE_PATH).get(0).getBody().utf8();
		assertThat(JsonMapper.shared().readTree(body).path("expire_seconds").asLong()).isEqualTo(2_592_000);
		assertThat(body).contains(scene);
	}

	@Test
	void shouldUrlEncodeTheTicketInTheImageUrl() {
		QrCode code = new QrCode("a+b/c==", 60, "http://weixin.qq.com/q/x");

		assertThat(this.client.imageUrl(code))
			.isEqualTo(URI.create("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D%3D"));
		assertThat(code.imageUrl(URI.create("https://proxy.example/wx/")))
			.isEqualTo(URI.create("https://proxy.example/wx/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D%3D"));
	}

	@ParameterizedTest
	@ValueSource(ints = { 40001, 40014, 42001 })
	void shouldRefreshTheTokenAndRetryOnceWhenWechatRejectsIt(int errcode) {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200))
			.answer(CREATE_PATH, error(errcode, "invalid credential"), qrCode(TICKET, 300));

		StepVerifier.create(this.client.createTemporary("scene-1", Duration.ofMinutes(5)))
			.expectNextMatches((code) -> code.ticket().equals(TICKET))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests()).extracting(QrCodeClientTests::describe)
			.containsExactly(TOKEN_PATH, CREATE_PATH + " TOKEN-A", TOKEN_PATH, CREATE_PATH + " TOKEN-B");
	}

	@Test
	void shouldReportASecondRejectionAfterOneRefresh() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200))
			.answer(CREATE_PATH, error(40001, "invalid credential"), error(40001, "invalid credential"));

		StepVerifier.create(this.client.createTemporary("scene-1", Duration.ofMinutes(5)))
			.expectErrorSatisfies((ex) -> {
				WechatApiException failure = (WechatApiException) ex;
				assertThat(failure.errcode()).isEqualTo(40001);
				assertThat(failure.status()).isEqualTo(502);
				assertThat(failure.hint()).contains("app-secret").contains("cgi-bin/token");
			})
			.verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests()).extracting(QrCodeClientTests::describe)
			.containsExactly(TOKEN_PATH, CREATE_PATH + " TOKEN-A", TOKEN_PATH, CREATE_PATH + " TOKEN-B");
	}

	@Test
	void shouldNotRetryWhenWechatRefusesForAnotherReason() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200))
			.answer(CREATE_PATH, error(45009, "reach max api daily quota limit"));

		StepVerifier.create(this.client.createTemporary("scene-1", Duration.ofMinutes(5)))
			.expectErrorSatisfies((ex) -> assertThat(((WechatApiException) ex).errcode()).isEqualTo(45009))
			.verify(VERIFY_TIMEOUT);

		assertThat(this.wechat.requests()).extracting(QrCodeClientTests::describe)
			.containsExactly(TOKEN_PATH, CREATE_PATH + " TOKEN-A");
	}

	@Test
	void shouldRefreshOnceWhenManyCallsAreRejectedWithTheSameToken() {
		this.wechat.answer(TOKEN_PATH, token("TOKEN-A", 7200), token("TOKEN-B", 7200));
		IntStream.range(0, 40)
			.forEach((i) -> this.wechat.answerWith(CREATE_PATH,
					(request) -> "TOKEN-A".equals(request.getUrl().queryParameter("access_token"))
							? error(40001, "invalid credential") : qrCode(TICKET, 300)));

		List<QrCode> codes = Flux.range(0, 20)
			.flatMap((i) -> this.client.createTemporary("scene-" + i, Duration.ofMinutes(5)), 20)
			.collectList()
			.block(VERIFY_TIMEOUT);

		assertThat(codes).hasSize(20);
		assertThat(this.wechat.requests(TOKEN_PATH)).hasSize(2);
		assertThat(this.wechat.requests(CREATE_PATH)).hasSize(40);
	}

	static Stream<Arguments> outOfRange() {
		return Stream.of(Arguments.of(null, Duration.ofMinutes(5)), Arguments.of("", Duration.ofMinutes(5)),
				Arguments.of("s".repeat(65), Duration.ofMinutes(5)), Arguments.of("scene", null),
				Arguments.of("scene", Duration.ZERO), Arguments.of("scene", Duration.ofMillis(999)),
				Arguments.of("scene", Duration.ofSeconds(-60)), Arguments.of("scene", Duration.ofSeconds(2_592_001)));
	}

	@ParameterizedTest
	@MethodSource("outOfRange")
	void shouldRejectASceneOrLifetimeWechatWouldNotAcceptWithoutCallingIt(String scene, Duration ttl) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.createTemporary(scene, ttl));

		assertThat(this.wechat.requests()).isEmpty();
	}

	private static String describe(RecordedRequest request) {
		String token = request.getUrl().queryParameter("access_token");
		return request.getUrl().encodedPath() + ((token != null) ? " " + token : "");
	}

}
