package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.wechat.WechatApiException;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login API's answers over HTTP, bound to its router function: a Kafka mock producer, a fake status store and a
 * fake WeChat stand in for the cluster. Every error answer is exactly {@code {"error", "message"}}, plus
 * {@code errcode} and {@code hint} for WeChat's refusals only.
 */
class QrLoginApiTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	private static final String KEY = "redeem-key-0123456789";

	private static final String START_SHAPE = "a JSON object with account (string) and optional ttlSeconds (number)";

	private static final String REDEEM_SHAPE = "a JSON object with code (string)";

	private final Map<String, LoginStatus> statuses = new ConcurrentHashMap<>();

	private final ExecutorService sendExecutor = Executors.newSingleThreadExecutor();

	private final MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
			new DelegatingByTypeSerializer(Map.of(QrTicket.class, AvroSerdes.qrTicket().serializer(), LoginStatus.class,
					AvroSerdes.loginStatus().serializer())));

	private final WebTestClient client = client();

	@AfterEach
	void tearDown() {
		this.sendExecutor.shutdownNow();
	}

	private WebTestClient client() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		AcknowledgedSends<String, Object> sends = new AcknowledgedSends<>(
				new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)), Duration.ofSeconds(5),
				this.sendExecutor);
		QrCodeIssuer demo = (scene, ttl) -> Mono.just(new QrCodeIssuer.IssuedQrCode("ticket-" + scene, ttl.toSeconds(),
				"http://weixin.qq.com/q/" + scene, "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t"));
		QrCodeIssuer blocked = (scene, ttl) -> Mono.error(new WechatApiException(40164, "WeChat refused qrcode/create",
				502, "add this server's egress IP to the IP whitelist"));
		LoginStarter starter = new LoginStarter(Map.of("demo", new LoginStarter.Account("wx-demo", demo), "blocked",
				new LoginStarter.Account("wx-blocked", blocked)), sends, clock);
		StatusStore store = new FakeStore(this.statuses);
		LoginProperties properties = new LoginProperties(Duration.ofSeconds(300), Duration.ofSeconds(60),
				Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(5), KEY,
				List.of());
		QrLoginHandler handler = new QrLoginHandler(starter, store,
				new StatusStreams(store, new StatusUpdates(), Duration.ofMillis(1), clock),
				new Redemptions(store, sends, clock, Duration.ofMinutes(10)), new OwnerProxy(WebClient.create()),
				properties);
		return WebTestClient.bindToRouterFunction(QrLoginRoutes.of(handler)).build();
	}

	@Test
	void shouldStartALoginForAKnownAccount() {
		this.client.post()
			.uri("/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"account\": \"demo\", \"ttlSeconds\": 300}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, "/api/qr-logins/[A-Za-z0-9_-]{32}")
			.expectBody()
			.jsonPath("$.loginId").isNotEmpty()
			.jsonPath("$.expiresAt").isEqualTo("2026-11-24T09:05:00Z");
		assertThat(this.producer.history()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "account=demo", "not json", "[]", "[{\"account\": \"demo\"}]", "\"demo\"", "{\"account\": ",
			"{\"account\": \"demo\", \"ttlSeconds\": \"x\"}", "{\"account\": {\"id\": \"demo\"}}" })
	void shouldAnswer400BadRequestForAStartBodyThatIsNotJsonOfTheRightShape(String body) {
		expectError(startWith(MediaType.APPLICATION_JSON, body), HttpStatus.BAD_REQUEST,
				"{\"error\": \"bad_request\", \"message\": \"body is not " + START_SHAPE + "\"}");
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldAnswer400BadRequestForAMissingStartBodyWithOrWithoutContentType() {
		String expected = "{\"error\": \"bad_request\", \"message\": \"body is missing; send " + START_SHAPE + "\"}";
		expectError(this.client.post().uri("/api/qr-logins").contentType(MediaType.APPLICATION_JSON).exchange(),
				HttpStatus.BAD_REQUEST, expected);
		expectError(this.client.post().uri("/api/qr-logins").exchange(), HttpStatus.BAD_REQUEST, expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"ttlSeconds\": 60}", "{\"account\": null}", "{\"account\": \" \"}" })
	void shouldAnswer400WhenTheAccountIsMissing(String body) {
		expectError(startWith(MediaType.APPLICATION_JSON, body), HttpStatus.BAD_REQUEST,
				"{\"error\": \"bad_request\", \"message\": \"account is required\"}");
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldAnswer404ForANamedButUnknownAccount() {
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"nobody\"}"), HttpStatus.NOT_FOUND,
				"{\"error\": \"unknown_account\", \"message\": \"no account is configured under this id\"}");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 2_592_001 })
	void shouldAnswer400InvalidTtlOutsideWechatsRange(long ttlSeconds) {
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"demo\", \"ttlSeconds\": " + ttlSeconds + "}"),
				HttpStatus.BAD_REQUEST,
				"{\"error\": \"invalid_ttl\", \"message\": \"ttlSeconds must be between 1 and 2592000\"}");
	}

	@Test
	void shouldAnswer415ForABodyThatIsNotDeclaredAsJson() {
		String expected = "{\"error\": \"unsupported_media_type\", \"message\": \"Content-Type must be application/json\"}";
		expectError(startWith(MediaType.TEXT_PLAIN, "{\"account\": \"demo\"}"), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				expected);
		expectError(startWith(MediaType.APPLICATION_FORM_URLENCODED, "account=demo"), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				expected);
		expectError(this.client.post().uri("/api/qr-logins").bodyValue(new byte[] { '{', '}' }).exchange(),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, expected);
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldAnswer413ForABodyOverTheCodecLimit() {
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"" + "x".repeat(300 * 1024) + "\"}"),
				HttpStatus.CONTENT_TOO_LARGE, "{\"error\": \"too_large\", \"message\": \"body is too large\"}");
	}

	@Test
	void shouldAddErrcodeAndHintOnlyWhenWechatRefuses() {
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"blocked\"}"), HttpStatus.BAD_GATEWAY,
				"{\"error\": \"wechat_error\", \"message\": \"WeChat refused qrcode/create\", \"errcode\": 40164,"
						+ " \"hint\": \"add this server's egress IP to the IP whitelist\"}");
	}

	@Test
	void shouldAnswer404UnknownLoginForTheStatusAndTheEventsOfAnUnknownLogin() {
		String expected = "{\"error\": \"unknown_login\", \"message\": \"no login has this id (or it was removed)\"}";
		expectError(this.client.get().uri("/api/qr-logins/no-such-login").exchange(), HttpStatus.NOT_FOUND, expected);
		expectError(this.client.get().uri("/api/qr-logins/no-such-login/events").exchange(), HttpStatus.NOT_FOUND,
				expected);
	}

	@Test
	void shouldAnswerTheStatusOfAKnownLogin() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.client.get()
			.uri("/api/qr-logins/login-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"loginId\": \"login-1\", \"status\": \"SUCCEEDED\", \"expiresAt\": \"2026-11-24T09:05:00Z\","
					+ " \"code\": \"login-1.secret\"}", JsonCompareMode.STRICT);
	}

	@Test
	void shouldAnswer401BeforeReadingTheRedeemBody() {
		String expected = "{\"error\": \"unauthorized\", \"message\": \"a valid redeem API key is required\"}";
		expectError(redeem(null, MediaType.APPLICATION_JSON, "{\"code\": \"login-1.secret\"}"), HttpStatus.UNAUTHORIZED,
				expected);
		expectError(redeem("wrong-key-0123456789", MediaType.APPLICATION_JSON, "{}"), HttpStatus.UNAUTHORIZED, expected);
		expectError(redeem("wrong", MediaType.TEXT_PLAIN, "not json"), HttpStatus.UNAUTHORIZED, expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"code\": null}", "{\"code\": \"\"}" })
	void shouldAnswer400WhenTheCodeIsMissing(String body) {
		expectError(redeem(KEY, MediaType.APPLICATION_JSON, body), HttpStatus.BAD_REQUEST,
				"{\"error\": \"bad_request\", \"message\": \"code is required\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[]", "{\"code\": [\"login-1.secret\"]}", "{\"code\": " })
	void shouldAnswer400ForARedeemBodyThatIsNotJsonOfTheRightShape(String body) {
		expectError(redeem(KEY, MediaType.APPLICATION_JSON, body), HttpStatus.BAD_REQUEST,
				"{\"error\": \"bad_request\", \"message\": \"body is not " + REDEEM_SHAPE + "\"}");
		expectError(redeem(KEY, MediaType.TEXT_PLAIN, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"{\"error\": \"unsupported_media_type\", \"message\": \"Content-Type must be application/json\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "no-dot", "login-1.guess", "login-9.secret" })
	void shouldAnswer404UnknownCodeForAWellFormedCodeNoLoginHas(String code) {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		expectError(redeem(KEY, MediaType.APPLICATION_JSON, "{\"code\": \"" + code + "\"}"), HttpStatus.NOT_FOUND,
				"{\"error\": \"unknown_code\", \"message\": \"no login has this code\"}");
	}

	@Test
	void shouldRedeemACodeOnceAndThenAnswer409() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		redeem(KEY, MediaType.APPLICATION_JSON, "{\"code\": \"login-1.secret\"}").expectStatus()
			.isOk()
			.expectBody()
			.json("{\"loginId\": \"login-1\", \"account\": \"demo\", \"appId\": \"wx-demo\", \"openId\": \"openid-1\","
					+ " \"newFollower\": true, \"loggedInAt\": \"2026-11-24T09:00:00Z\"}", JsonCompareMode.STRICT);
		expectError(redeem(KEY, MediaType.APPLICATION_JSON, "{\"code\": \"login-1.secret\"}"), HttpStatus.CONFLICT,
				"{\"error\": \"already_redeemed\", \"message\": \"this code was redeemed before\"}");
	}

	@Test
	void shouldAnswer405WithAllowForAMethodAPathDoesNotSupport() {
		expectNotAllowed(HttpMethod.GET, "/api/qr-logins", "POST");
		expectNotAllowed(HttpMethod.DELETE, "/api/qr-logins/login-1", "GET");
		expectNotAllowed(HttpMethod.POST, "/api/qr-logins/login-1/events", "GET");
		expectNotAllowed(HttpMethod.PUT, "/api/qr-logins/redeem", "GET, POST");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/qr-logins/login-1/events/more", "/api/qr-logins/", "/api/qr-logins/a/b/c" })
	void shouldAnswer404NotFoundForAPathThatNamesNoResource(String path) {
		expectError(this.client.get().uri(path).exchange(), HttpStatus.NOT_FOUND,
				"{\"error\": \"not_found\", \"message\": \"no such resource of the login API\"}");
	}

	@Test
	void shouldAnswer503WhileTheStoreCannotAnswer() {
		this.client.get()
			.uri("/api/qr-logins/rebalancing")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.json("{\"error\": \"unavailable\", \"message\": \"rebalancing\"}", JsonCompareMode.STRICT);
	}

	@Test
	void shouldAnswer500WithoutDetailsForAnUnexpectedFailure() {
		expectError(this.client.get().uri("/api/qr-logins/explodes").exchange(), HttpStatus.INTERNAL_SERVER_ERROR,
				"{\"error\": \"internal_error\", \"message\": \"unexpected error; the server log has the details\"}");
	}

	private WebTestClient.ResponseSpec startWith(MediaType contentType, String body) {
		return this.client.post().uri("/api/qr-logins").contentType(contentType).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec redeem(String key, MediaType contentType, String body) {
		return this.client.post()
			.uri("/api/qr-logins/redeem")
			.headers((headers) -> {
				if (key != null) {
					headers.setBearerAuth(key);
				}
			})
			.contentType(contentType)
			.bodyValue(body)
			.exchange();
	}

	private void expectNotAllowed(HttpMethod method, String path, String allowed) {
		expectError(this.client.method(method).uri(path).exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, allowed),
				HttpStatus.METHOD_NOT_ALLOWED, "{\"error\": \"method_not_allowed\", \"message\": \"" + method.name()
						+ " is not supported here; use " + allowed.replace(", ", " or ") + "\"}");
	}

	private static void expectError(WebTestClient.ResponseSpec response, HttpStatus status, String json) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.json(json, JsonCompareMode.STRICT);
	}

	private static LoginStatus succeeded(String loginId, String code) {
		return new LoginStatus(loginId, "demo", "wx-demo", LoginState.SUCCEEDED, NOW.plusSeconds(300), NOW, code,
				"openid-1", true, "scene", NOW);
	}

	/**
	 * Owns every login; {@code rebalancing} cannot be located yet and {@code explodes} fails unexpectedly.
	 */
	private static final class FakeStore extends StatusStore {

		private final Map<String, LoginStatus> statuses;

		FakeStore(Map<String, LoginStatus> statuses) {
			super(null, new HostInfo("localhost", 1));
			this.statuses = statuses;
		}

		@Override
		public HostInfo remoteOwnerOf(String loginId) {
			return switch (loginId) {
				case "rebalancing" -> throw new UnavailableException("rebalancing");
				case "explodes" -> throw new IllegalStateException("boom with internal details");
				default -> null;
			};
		}

		@Override
		public LoginStatus get(String loginId) {
			return this.statuses.get(loginId);
		}

	}

}
