package io.saoma.loginprocessor.wechat;

import io.saoma.testsupport.wechat.FakeWechatApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

import static io.saoma.testsupport.wechat.FakeWechatApi.CREATE_PATH;
import static io.saoma.loginprocessor.wechat.WechatApiFixtures.SECRET;
import static io.saoma.testsupport.wechat.FakeWechatApi.TOKEN_PATH;
import static io.saoma.testsupport.wechat.FakeWechatApi.error;
import static io.saoma.testsupport.wechat.FakeWechatApi.token;
import static org.assertj.core.api.Assertions.assertThat;

class WechatApiFailureTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private static final String TOKEN = "ACCESS-TOKEN-a1b2c3d4e5f6";

	private FakeWechatApi wechat;

	@BeforeEach
	void startWechat() throws IOException {
		this.wechat = FakeWechatApi.scripted();
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	@ParameterizedTest(name = "{0} from {1}")
	@CsvSource(delimiter = '|', textBlock = """
			40164 | /cgi-bin/stable_token | 502 | IP白名单
			40013 | /cgi-bin/stable_token | 502 | app-id
			40125 | /cgi-bin/stable_token | 502 | app-secret
			48001 | /cgi-bin/qrcode/create | 502 | the parametric QR code permission (a verified service account, 服务号)
			40053 | /cgi-bin/qrcode/create | 502 | bug in this service
			45009 | /cgi-bin/qrcode/create | 503 | daily API quota reached; it resets at midnight (Beijing time)
			45011 | /cgi-bin/qrcode/create | 503 | per-minute API quota
			-1    | /cgi-bin/qrcode/create | 503 | WeChat is busy; retry
			""")
	void shouldMapWechatErrcodesToAStatusAndAHint(int errcode, String path, int status, String hint) {
		MockResponse refusal = error(errcode, "refused rid: 6742-1");
		this.wechat.answer(TOKEN_PATH, path.equals(TOKEN_PATH) ? refusal : token(TOKEN, 7200))
			.answer(CREATE_PATH, refusal);

		WechatApiException failure = createFails(WechatApiFixtures.properties(this.wechat));

		assertThat(failure.errcode()).isEqualTo(errcode);
		assertThat(failure.status()).isEqualTo(status);
		assertThat(failure.hint()).contains(hint);
		assertThat(failure.getMessage()).contains("errcode " + errcode).contains("refused rid: 6742-1");
		assertThat(this.wechat.requests(path)).hasSize(1);
	}

	@Test
	void shouldReportAnHttpServerErrorAsTemporary() {
		this.wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
			.answer(CREATE_PATH, new MockResponse.Builder().code(500).body("<html>Internal error</html>").build());

		WechatApiException failure = createFails(WechatApiFixtures.properties(this.wechat));

		assertThat(failure.errcode()).isNull();
		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.getMessage()).contains("HTTP 500");
		assertThat(failure.hint()).contains("retry");
	}

	@Test
	void shouldReportAnAnswerThatIsNotJsonAsTemporary() {
		this.wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
			.answer(CREATE_PATH, FakeWechatApi.json("<xml>not json</xml>"));

		WechatApiException failure = createFails(WechatApiFixtures.properties(this.wechat));

		assertThat(failure.errcode()).isNull();
		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.getMessage()).contains("could not be understood");
		assertThat(failure.hint()).contains("wechat.api.base-url");
	}

	@Test
	void shouldGiveUpWhenWechatDoesNotAnswerWithinTheTimeout() {
		this.wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
			.answerAfter(CREATE_PATH, new CountDownLatch(1), FakeWechatApi.json("{}"));

		WechatApiException failure = createFails(WechatApiFixtures.properties(this.wechat, Duration.ofMillis(300)));

		assertThat(failure.errcode()).isNull();
		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.getMessage()).contains("did not answer").contains("300 ms");
		assertThat(failure.hint()).contains("outbound connection");
	}

	@Test
	void shouldReportAnUnreachableWechatAsTemporary() {
		WechatApiProperties properties = WechatApiFixtures.properties(this.wechat);
		this.wechat.close();

		WechatApiException failure = createFails(properties);

		assertThat(failure.errcode()).isNull();
		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.getMessage()).contains("could not call WeChat for stable_token");
	}

	@Test
	void shouldLogWechatErrorsWithErrcodeErrmsgAndHint() {
		this.wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
			.answer(CREATE_PATH, error(48001, "api unauthorized rid: 1-2"));

		try (LogCapture logs = new LogCapture()) {
			createFails(WechatApiFixtures.properties(this.wechat));

			assertThat(logs.lines(Level.WARN)).singleElement()
				.asString()
				.startsWith("WARN")
				.contains("errcode 48001", "api unauthorized rid: 1-2", "服务号", "account main");
		}
	}

	static Stream<Arguments> leakyFailures() {
		return Stream.of(
				failure("a proxy echoing the token request", (wechat) -> wechat.answer(TOKEN_PATH,
						new MockResponse.Builder().code(502).body("bad gateway for body secret=" + SECRET).build())),
				failure("a token rejected twice",
						(wechat) -> wechat.answer(TOKEN_PATH, token(TOKEN, 7200), token(TOKEN + "-2", 7200))
							.answer(CREATE_PATH, error(40001, "invalid credential"),
									error(40001, "invalid credential"))),
				failure("a proxy echoing the create URL",
						(wechat) -> wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
							.answer(CREATE_PATH,
									new MockResponse.Builder().code(500)
										.body("upstream failed: POST /cgi-bin/qrcode/create?access_token=" + TOKEN)
										.build())),
				failure("a connection dropped during create",
						(wechat) -> wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
							.answer(CREATE_PATH,
									new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
										.build())),
				failure("a create that times out", (wechat) -> wechat.answer(TOKEN_PATH, token(TOKEN, 7200))
					.answerAfter(CREATE_PATH, new CountDownLatch(1), FakeWechatApi.json("{}"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("leakyFailures")
	void shouldNeverRevealTheAppSecretOrTheAccessToken(Consumer<FakeWechatApi> scenario) {
		scenario.accept(this.wechat);

		try (LogCapture logs = new LogCapture()) {
			WechatApiException failure = createFails(WechatApiFixtures.properties(this.wechat, Duration.ofMillis(500)));

			StringWriter trace = new StringWriter();
			failure.printStackTrace(new PrintWriter(trace));
			assertThat(trace.toString() + failure.hint()).doesNotContain(SECRET).doesNotContain(TOKEN);
			assertThat(logs.lines(Level.TRACE)).isNotEmpty()
				.allSatisfy((line) -> assertThat(line).doesNotContain(SECRET).doesNotContain(TOKEN));
		}
	}

	private static Arguments failure(String name, Consumer<FakeWechatApi> scenario) {
		return Arguments.of(Named.of(name, scenario));
	}

	private WechatApiException createFails(WechatApiProperties properties) {
		QrCodeClient client = WechatApiFixtures.qrCodeClient(properties);
		WechatApiException[] failure = new WechatApiException[1];
		StepVerifier.create(client.createTemporary("scene-1", Duration.ofMinutes(5)))
			.expectErrorSatisfies((ex) -> failure[0] = (WechatApiException) ex)
			.verify(VERIFY_TIMEOUT);
		return failure[0];
	}

}
