package io.saoma.loginprocessor.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.config.RedeemProperties;
import io.saoma.loginprocessor.config.StatusStreamProperties;
import io.saoma.loginprocessor.wechat.WechatApiException;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login API's answers over HTTP, bound to its router function: a Kafka mock producer,
 * a fake status store and a fake WeChat stand in for the cluster. Every error answer is
 * exactly {@code {"error", "message"}}, plus {@code errcode} and {@code hint} for
 * WeChat's refusals only.
 */
class QrLoginApiTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	private static final String KEY = "redeem-key-0123456789";

	private static final String START_SHAPE = "a JSON object with account (string), optional ttlSeconds (number) and optional codeChallenge (string)";

	private static final String REDEEM_SHAPE = "a JSON object with code (string) and optional codeVerifier (string)";

	private static final String SITE = "https://site.example";

	private static final String INSTANCE_SECRET = "instance-secret-0123456789";

	/** RFC 7636's example: the verifier and its S256 challenge. */
	private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

	private final Map<String, LoginStatus> statuses = new ConcurrentHashMap<>();

	/** Where logins named {@code remote-*} live: another instance. */
	private HostInfo owner = new HostInfo("127.0.0.1", 1);

	private final ExecutorService sendExecutor = Executors.newSingleThreadExecutor();

	private final MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
			new DelegatingByTypeSerializer(Map.of(QrTicket.class, AvroSerdes.qrTicket().serializer(), LoginStatus.class,
					AvroSerdes.loginStatus().serializer(), RedemptionRequest.class,
					AvroSerdes.redemptionRequest().serializer()))) {

		// the template closes its (here: the one) producer after every send
		@Override
		public void close(Duration timeout) {
		}

	};

	private final StatusUpdates updates = new StatusUpdates();

	/** Decides redemptions as the status task would. */
	private final FakeStatusTask task = new FakeStatusTask(this.statuses, this.updates);

	private final AcknowledgedSends<String, Object> sends = new AcknowledgedSends<>(template(), Duration.ofSeconds(5),
			this.sendExecutor);

	private KafkaTemplate<String, Object> template() {
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer));
		template.setProducerListener(this.task);
		return template;
	}

	/** The limits of the client built last. */
	private LoginLimits limits;

	private final WebTestClient client = client(properties(LoginProperties.Limits.defaults(), false, null));

	@AfterEach
	void tearDown() {
		this.sendExecutor.shutdownNow();
	}

	static LoginProperties properties(LoginProperties.Limits limits, boolean requireCodeChallenge,
			String instanceSecret) {
		return new LoginProperties(Duration.ofSeconds(300), Duration.ofMinutes(10), Duration.ofSeconds(60),
				Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(5), KEY,
				List.of(), requireCodeChallenge, instanceSecret, limits, LoginProperties.Forward.defaults(),
				Duration.ofSeconds(5), Duration.ofSeconds(15), 1000);
	}

	WebTestClient client(LoginProperties properties) {
		return WebTestClient.bindToServer(new HttpHandlerConnector(httpHandler(properties))).build();
	}

	private HttpHandler httpHandler(LoginProperties properties) {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		AcknowledgedSends<String, Object> sends = this.sends;
		QrCodeIssuer demo = (scene, ttl) -> Mono.just(new QrCodeIssuer.IssuedQrCode("ticket-" + scene, ttl.toSeconds(),
				"http://weixin.qq.com/q/" + scene, "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t"));
		QrCodeIssuer blocked = (scene, ttl) -> Mono.error(new WechatApiException(40164, "WeChat refused qrcode/create",
				502, "add this server's egress IP to the IP whitelist"));
		LoginStarter starter = new LoginStarter(Map.of("demo", new LoginStarter.Account("wx-demo", demo), "blocked",
				new LoginStarter.Account("wx-blocked", blocked)), sends, clock);
		StatusStore store = new FakeStore(this.statuses, this.owner);
		ClientAddresses clients = new ClientAddresses(properties.limits().clientAddressHeader(),
				properties.instanceSecret());
		LoginLimits limits = new LoginLimits(properties.limits());
		this.limits = limits;
		QrLoginHandler handler = new QrLoginHandler(starter, store,
				new StatusStreams(store, this.updates, Duration.ofMillis(1), clock,
						(owner, loginId, client) -> Mono.empty(), StatusStreamProperties.defaults()),
				new Redemptions(store, this.updates, sends, clock, RedeemProperties.defaults(),
						new SimpleMeterRegistry()),
				new OwnerProxy(OwnerProxy.webClient(WebClient.builder(), properties.forward()), clients), properties,
				limits, clients, clock);
		return WebHttpHandlerBuilder
			.webHandler(RouterFunctions.toWebHandler(QrLoginRoutes.of(handler, properties.redeemApiKey())))
			.filter(BrowserCors.filter(List.of(SITE)), new LoginApiGuard(limits, clients))
			.build();
	}

	/**
	 * The API on a real server: only there does an answer end when its body was written
	 * to the end (the mock connector ends it when the body is handed over), which is what
	 * holds a stream's permit.
	 */
	private DisposableServer serve(LoginProperties properties) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(httpHandler(properties)))
			.bindNow();
	}

	private static WebTestClient clientOf(DisposableServer server) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + server.port()).build();
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
			.jsonPath("$.loginId")
			.isNotEmpty()
			.jsonPath("$.expiresAt")
			.isEqualTo("2026-11-24T09:05:00Z");
		assertThat(this.producer.history()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "account=demo", "not json", "[]", "[{\"account\": \"demo\"}]", "\"demo\"",
			"{\"account\": ", "{\"account\": \"demo\", \"ttlSeconds\": \"x\"}", "{\"account\": {\"id\": \"demo\"}}" })
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
	@ValueSource(longs = { 0, -1, 601, 2_592_000, 2_592_001 })
	void shouldAnswer400InvalidTtlOutsideOneSecondToTheMaximumTicketTtl(long ttlSeconds) {
		expectError(
				startWith(MediaType.APPLICATION_JSON, "{\"account\": \"demo\", \"ttlSeconds\": " + ttlSeconds + "}"),
				HttpStatus.BAD_REQUEST,
				"{\"error\": \"invalid_ttl\", \"message\": \"ttlSeconds must be between 1 and 600\"}");
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldAcceptTheMaximumTicketTtl() {
		startWith(MediaType.APPLICATION_JSON, "{\"account\": \"demo\", \"ttlSeconds\": 600}").expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.expiresAt")
			.isEqualTo("2026-11-24T09:10:00Z");
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
	void shouldAnswer503KafkaUnavailableWhenTheTicketCannotBePublished() {
		this.producer.sendException = new KafkaException("no broker answers");
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"demo\"}"), HttpStatus.SERVICE_UNAVAILABLE,
				"{\"error\": \"kafka_unavailable\", \"message\": \"the login could not be recorded; retry\"}");
	}

	@Test
	void shouldAddOnlyTheErrcodeWhenWechatRefusesNeverItsErrmsgOrTheOperatorsHint() {
		expectError(startWith(MediaType.APPLICATION_JSON, "{\"account\": \"blocked\"}"), HttpStatus.BAD_GATEWAY,
				"{\"error\": \"wechat_error\", \"message\": \"WeChat refused the request; see the server log\","
						+ " \"errcode\": 40164}");
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
		expectError(redeem("wrong-key-0123456789", MediaType.APPLICATION_JSON, "{}"), HttpStatus.UNAUTHORIZED,
				expected);
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
	void shouldTellAnEventSourceToReconnectInsteadOfAnswering503WhileTheLoginCannotBeServed() {
		// EventSource gives up for good on a 503; on a stream that ends it reconnects
		this.client.get()
			.uri("/api/qr-logins/rebalancing/events")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("retry:1000").contains(":rebalancing"));
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

	// ---- limits (login.limits.*) ----

	@Test
	void shouldAnswer429WithRetryAfterWhenOneClientStartsTooManyLogins() {
		WebTestClient limited = client(properties(limits(2, 100, 10, 10), false, null));
		startFrom(limited, "203.0.113.1").expectStatus().isCreated();
		startFrom(limited, "203.0.113.1").expectStatus().isCreated();
		// only the last address counts: the one the trusted proxy added, not what the
		// client wrote before it
		expectTooManyRequests(startFrom(limited, "198.51.100.7, 203.0.113.1"),
				"too many logins started from this address; retry later");
		startFrom(limited, "203.0.113.2").expectStatus().isCreated();
		assertThat(this.producer.history()).hasSize(3);
	}

	@Test
	void shouldAnswer429WithRetryAfterWhenAnAccountsStartsAreUsedUpWhateverTheClient() {
		WebTestClient limited = client(properties(limits(100, 3, 10, 10), false, null));
		for (int i = 1; i <= 3; i++) {
			startFrom(limited, "203.0.113." + i).expectStatus().isCreated();
		}
		expectTooManyRequests(startFrom(limited, "203.0.113.4"),
				"too many logins are being started for this account; retry later");
		// WeChat was asked three times only
		assertThat(this.producer.history()).hasSize(3);
	}

	@Test
	void shouldCountNoStartThatIsRefusedBeforehand() {
		WebTestClient limited = client(properties(limits(1, 100, 10, 10), false, null));
		limited.post()
			.uri("/api/qr-logins")
			.header("X-Forwarded-For", "203.0.113.1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"account\": \"demo\", \"ttlSeconds\": 601}")
			.exchange()
			.expectStatus()
			.isBadRequest();
		startFrom(limited, "203.0.113.1").expectStatus().isCreated();
	}

	@Test
	void shouldAnswer429WhenOneClientHasTooManyStreamsOpenAndLetOthersIn() {
		this.statuses.put("login-1", pending("login-1"));
		DisposableServer server = serve(properties(limits(10, 100, 10, 1), false, null));
		try {
			WebTestClient limited = clientOf(server);
			FluxExchangeResult<String> open = events(limited, "203.0.113.1", "login-1");
			expectTooManyRequestsWithin(limited.get()
				.uri("/api/qr-logins/login-1/events")
				.header("X-Forwarded-For", "203.0.113.1")
				.exchange());
			// waiting status requests count too
			expectTooManyRequestsWithin(
					limited.get().uri("/api/qr-logins/login-1").header("X-Forwarded-For", "203.0.113.1").exchange());
			FluxExchangeResult<String> other = events(limited, "203.0.113.2", "login-1");
			assertThat(this.limits.openStreams()).isEqualTo(2);
			StepVerifier.create(open.getResponseBody()).expectNextCount(1).thenCancel().verify();
			StepVerifier.create(other.getResponseBody()).expectNextCount(1).thenCancel().verify();
			// a stream the client closed gives its permit back
			Awaitility.await().until(() -> this.limits.openStreams() == 0);
			StepVerifier.create(events(limited, "203.0.113.1", "login-1").getResponseBody())
				.expectNextCount(1)
				.thenCancel()
				.verify();
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void shouldAnswer503WhenTheServerHasTooManyStreamsOpen() {
		this.statuses.put("login-1", pending("login-1"));
		DisposableServer server = serve(properties(limits(10, 100, 1, 10), false, null));
		try {
			WebTestClient limited = clientOf(server);
			FluxExchangeResult<String> open = events(limited, "203.0.113.1", "login-1");
			limited.get()
				.uri("/api/qr-logins/login-1/events")
				.header("X-Forwarded-For", "203.0.113.2")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "5")
				.expectBody()
				.json("{\"error\": \"unavailable\", \"message\": \"too many status streams are open on this server; retry later\"}",
						JsonCompareMode.STRICT);
			StepVerifier.create(open.getResponseBody()).expectNextCount(1).thenCancel().verify();
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void shouldGiveTheStreamPermitOfAnAnsweredStatusRequestBack() {
		this.statuses.put("login-1", pending("login-1"));
		WebTestClient limited = client(properties(limits(10, 100, 1, 1), false, null));
		// the permit is given back once the answer was written, a moment after the client
		// has it
		for (int i = 0; i < 3; i++) {
			limited.get()
				.uri("/api/qr-logins/login-1")
				.header("X-Forwarded-For", "203.0.113.1")
				.exchange()
				.expectStatus()
				.isOk();
			Awaitility.await().until(() -> this.limits.openStreams() == 0);
			limited.get()
				.uri("/api/qr-logins/unknown")
				.header("X-Forwarded-For", "203.0.113.1")
				.exchange()
				.expectStatus()
				.isNotFound();
			Awaitility.await().until(() -> this.limits.openStreams() == 0);
		}
	}

	// ---- PKCE ----

	@Test
	void shouldCarryTheCodeChallengeWithTheTicket() {
		startWith(MediaType.APPLICATION_JSON, "{\"account\": \"demo\", \"codeChallenge\": \"" + CHALLENGE + "\"}")
			.expectStatus()
			.isCreated();
		assertThat(((QrTicket) this.producer.history().get(0).value()).getCodeChallenge()).isEqualTo(CHALLENGE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "short", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=",
			"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM" })
	void shouldAnswer400ForACodeChallengeThatIsNoS256Challenge(String challenge) {
		expectError(
				startWith(MediaType.APPLICATION_JSON,
						"{\"account\": \"demo\", \"codeChallenge\": \"" + challenge + "\"}"),
				HttpStatus.BAD_REQUEST, "{\"error\": \"bad_request\", \"message\": \"codeChallenge must be"
						+ " BASE64URL(SHA-256(codeVerifier)) without padding: 43 characters of A-Z, a-z, 0-9, - and _\"}");
	}

	@Test
	void shouldRequireACodeChallengeWhenConfigured() {
		WebTestClient strict = client(properties(LoginProperties.Limits.defaults(), true, null));
		expectError(
				strict.post()
					.uri("/api/qr-logins")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"account\": \"demo\"}")
					.exchange(),
				HttpStatus.BAD_REQUEST,
				"{\"error\": \"code_challenge_required\", \"message\": \"codeChallenge is required: send"
						+ " BASE64URL(SHA-256(codeVerifier)) and redeem the code with the codeVerifier\"}");
		strict.post()
			.uri("/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"account\": \"demo\", \"codeChallenge\": \"" + CHALLENGE + "\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(this.producer.history()).hasSize(1);
	}

	@Test
	void shouldRedeemACodeWithAChallengeOnlyWithItsVerifierAndNotBurnItOnAWrongOne() {
		this.statuses.put("login-1",
				LoginStatus.newBuilder(succeeded("login-1", "login-1.secret")).setCodeChallenge(CHALLENGE).build());
		String invalidGrant = "{\"error\": \"invalid_grant\", \"message\": \"codeVerifier is missing or does not match"
				+ " the codeChallenge this login was started with\"}";
		expectError(redeem(KEY, MediaType.APPLICATION_JSON, "{\"code\": \"login-1.secret\"}"), HttpStatus.BAD_REQUEST,
				invalidGrant);
		expectError(
				redeem(KEY, MediaType.APPLICATION_JSON,
						"{\"code\": \"login-1.secret\", \"codeVerifier\": \"" + "x".repeat(43) + "\"}"),
				HttpStatus.BAD_REQUEST, invalidGrant);
		expectError(
				redeem(KEY, MediaType.APPLICATION_JSON, "{\"code\": \"login-1.secret\", \"codeVerifier\": \"short\"}"),
				HttpStatus.BAD_REQUEST, "{\"error\": \"bad_request\", \"message\": \"codeVerifier must be 43 to 128"
						+ " characters of A-Z, a-z, 0-9, -, ., _ and ~\"}");
		assertThat(this.producer.history()).isEmpty();
		redeem(KEY, MediaType.APPLICATION_JSON,
				"{\"code\": \"login-1.secret\", \"codeVerifier\": \"" + VERIFIER + "\"}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openId")
			.isEqualTo("openid-1");
		assertThat(this.producer.history()).hasSize(1);
	}

	@Test
	void shouldIgnoreAVerifierForACodeWithoutChallenge() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		redeem(KEY, MediaType.APPLICATION_JSON,
				"{\"code\": \"login-1.secret\", \"codeVerifier\": \"" + VERIFIER + "\"}")
			.expectStatus()
			.isOk();
	}

	// ---- QR images ----

	@Test
	void shouldServeTheQrCodeOfAStartedLoginAsAPngAndAnSvgAPhoneDecodes() {
		WebTestClient.BodyContentSpec started = this.client.post()
			.uri("/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"account\": \"demo\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody();
		QrTicket ticket = (QrTicket) this.producer.history().get(0).value();
		String loginId = ticket.getLoginId();
		started.jsonPath("$.qrSvgUrl")
			.isEqualTo("/api/qr-logins/" + loginId + "/qr.svg")
			.jsonPath("$.qrPngUrl")
			.isEqualTo("/api/qr-logins/" + loginId + "/qr.png");
		// the status task copies the ticket's content into the status (LoginRecords)
		this.statuses.put(loginId,
				LoginStatus.newBuilder(pending(loginId)).setQrContent(ticket.getQrContent()).build());

		byte[] png = this.client.get()
			.uri("/api/qr-logins/" + loginId + "/qr.png?size=200")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_PNG)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(QrDecoding.readPng(png).getWidth()).isEqualTo(200);
		assertThat(QrDecoding.decodePng(png)).isEqualTo(ticket.getQrContent());
		byte[] svg = this.client.get()
			.uri("/api/qr-logins/" + loginId + "/qr.svg")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("image/svg+xml")
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(QrDecoding.decodeSvg(svg)).isEqualTo(ticket.getQrContent());
	}

	@Test
	void shouldAnswer410QrUnavailableOnceTheLoginNoLongerWaitsForAScan() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.statuses.put("login-2",
				LoginStatus.newBuilder(pending("login-2")).setExpiresAt(NOW.minusSeconds(1)).build());

		for (String path : List.of("/api/qr-logins/login-1/qr.svg", "/api/qr-logins/login-1/qr.png",
				"/api/qr-logins/login-2/qr.png")) {
			expectError(this.client.get().uri(path).exchange(), HttpStatus.GONE,
					"{\"error\": \"qr_unavailable\", \"message\": \"this login no longer waits for a scan; start a new one\"}");
		}
	}

	@Test
	void shouldAnswer404ForTheQrCodeOfAnUnknownLogin() {
		expectError(this.client.get().uri("/api/qr-logins/nobody/qr.svg").exchange(), HttpStatus.NOT_FOUND,
				"{\"error\": \"unknown_login\", \"message\": \"no login has this id (or it was removed)\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "127", "1025", "big", "" })
	void shouldAnswer400ForAPngSizeOutsideTheBounds(String size) {
		this.statuses.put("login-1", pending("login-1"));

		expectError(this.client.get().uri("/api/qr-logins/login-1/qr.png?size=" + size).exchange(),
				HttpStatus.BAD_REQUEST, "{\"error\": \"bad_request\","
						+ " \"message\": \"size must be a whole number of pixels, 128 to 1024\"}");
	}

	@Test
	void shouldLetTheConfiguredSiteLoadTheQrImages() {
		this.statuses.put("login-1", pending("login-1"));

		this.client.get()
			.uri("http://localhost/api/qr-logins/login-1/qr.svg")
			.header(HttpHeaders.ORIGIN, SITE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SITE);
	}

	// ---- CORS, instances ----

	@Test
	void shouldRefuseEveryCrossOriginRequestToRedeemPreflightIncluded() {
		this.client.options()
			.uri("http://localhost/api/qr-logins/redeem")
			.header(HttpHeaders.ORIGIN, SITE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.client.post()
			.uri("http://localhost/api/qr-logins/redeem")
			.header(HttpHeaders.ORIGIN, SITE)
			.headers((headers) -> headers.setBearerAuth(KEY))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\": \"login-1.secret\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(this.producer.history()).isEmpty();
		// the browser API itself stays open to the configured site
		this.client.options()
			.uri("http://localhost/api/qr-logins/login-1")
			.header(HttpHeaders.ORIGIN, SITE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SITE);
	}

	@Test
	void shouldRefuseAPassedOnRequestWithoutTheInstanceSecretWhenOneIsSet() {
		this.statuses.put("login-1", pending("login-1"));
		WebTestClient guarded = client(properties(LoginProperties.Limits.defaults(), false, INSTANCE_SECRET));
		expectError(guarded.get().uri("/api/qr-logins/login-1").header(OwnerProxy.FORWARDED, "1").exchange(),
				HttpStatus.FORBIDDEN, "{\"error\": \"forbidden\", \"message\": \"requests passed on by another"
						+ " instance must carry the instance secret\"}");
		guarded.get()
			.uri("/api/qr-logins/login-1")
			.header(OwnerProxy.FORWARDED, "1")
			.header(ClientAddresses.INSTANCE_SECRET, "wrong-secret-0123456789")
			.exchange()
			.expectStatus()
			.isForbidden();
		guarded.get()
			.uri("/api/qr-logins/login-1")
			.header(OwnerProxy.FORWARDED, "1")
			.header(ClientAddresses.INSTANCE_SECRET, INSTANCE_SECRET)
			.exchange()
			.expectStatus()
			.isOk();
		// requests from browsers need no secret
		guarded.get().uri("/api/qr-logins/login-1").exchange().expectStatus().isOk();
	}

	@Test
	void shouldPassRequestsOnWithTheSecretAndTheClientAndPassRetryAfterBack() throws Exception {
		try (MockWebServer ownerServer = new MockWebServer()) {
			ownerServer.enqueue(new MockResponse.Builder().code(503)
				.addHeader(HttpHeaders.RETRY_AFTER, "7")
				.addHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.body("{\"error\":\"unavailable\",\"message\":\"rebalancing\"}")
				.build());
			ownerServer.start(InetAddress.getByName("127.0.0.1"), 0);
			this.owner = new HostInfo("127.0.0.1", ownerServer.getPort());
			LoginProperties.Limits limits = new LoginProperties.Limits("X-Forwarded-For", 10, Duration.ofMinutes(1),
					100, Duration.ofHours(1), 100, 10, 10, Duration.ofSeconds(2));
			WebTestClient forwarding = client(properties(limits, false, INSTANCE_SECRET));
			forwarding.get()
				.uri("/api/qr-logins/remote-1")
				.header("X-Forwarded-For", "198.51.100.7, 203.0.113.1")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "7");
			RecordedRequest passed = ownerServer.takeRequest();
			assertThat(passed.getHeaders().get(ClientAddresses.INSTANCE_SECRET)).isEqualTo(INSTANCE_SECRET);
			assertThat(passed.getHeaders().get(OwnerProxy.FORWARDED)).isEqualTo("1");
			assertThat(passed.getHeaders().get(ClientAddresses.CLIENT)).isEqualTo("203.0.113.1");
			assertThat(passed.getHeaders().get("X-Forwarded-For")).isEqualTo("203.0.113.1");
		}
	}

	@Test
	void shouldTrustTheClientNamedByAnInstanceOnlyWithTheSecret() {
		ClientAddresses clients = new ClientAddresses(null, INSTANCE_SECRET);
		MockServerHttpRequest.BaseBuilder<?> forwarded = MockServerHttpRequest.get("/api/qr-logins/x")
			.remoteAddress(new InetSocketAddress("10.0.0.2", 40000))
			.header(OwnerProxy.FORWARDED, "1")
			.header(ClientAddresses.CLIENT, "203.0.113.1");
		assertThat(clients.of(forwarded.build())).isEqualTo("10.0.0.2");
		assertThat(clients.of(forwarded.header(ClientAddresses.INSTANCE_SECRET, INSTANCE_SECRET).build()))
			.isEqualTo("203.0.113.1");
		assertThat(new ClientAddresses(null, null).of(forwarded.build())).isEqualTo("10.0.0.2");
	}

	private static LoginProperties.Limits limits(int clientStarts, int accountStarts, int maxStreams,
			int maxStreamsPerClient) {
		return new LoginProperties.Limits("X-Forwarded-For", clientStarts, Duration.ofMinutes(1), accountStarts,
				Duration.ofHours(1), 1000, maxStreams, maxStreamsPerClient, Duration.ofSeconds(2));
	}

	private static WebTestClient.ResponseSpec startFrom(WebTestClient client, String forwardedFor) {
		return client.post()
			.uri("/api/qr-logins")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"account\": \"demo\"}")
			.exchange();
	}

	private static FluxExchangeResult<String> events(WebTestClient client, String forwardedFor, String loginId) {
		return client.get()
			.uri("/api/qr-logins/" + loginId + "/events")
			.header("X-Forwarded-For", forwardedFor)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class);
	}

	private static void expectTooManyRequests(WebTestClient.ResponseSpec response, String message) {
		response.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueMatches(HttpHeaders.RETRY_AFTER, "[1-9][0-9]*")
			.expectBody()
			.json("{\"error\": \"too_many_requests\", \"message\": \"" + message + "\"}", JsonCompareMode.STRICT);
	}

	private static void expectTooManyRequestsWithin(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectBody()
			.json("{\"error\": \"too_many_requests\", \"message\": \"too many status streams are open from this address;"
					+ " close one\"}", JsonCompareMode.STRICT);
	}

	private WebTestClient.ResponseSpec startWith(MediaType contentType, String body) {
		return this.client.post().uri("/api/qr-logins").contentType(contentType).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec redeem(String key, MediaType contentType, String body) {
		return this.client.post().uri("/api/qr-logins/redeem").headers((headers) -> {
			if (key != null) {
				headers.setBearerAuth(key);
			}
		}).contentType(contentType).bodyValue(body).exchange();
	}

	private void expectNotAllowed(HttpMethod method, String path, String allowed) {
		expectError(
				this.client.method(method).uri(path).exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, allowed),
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

	private static LoginStatus pending(String loginId) {
		return LoginStatus.newBuilder(succeeded(loginId, null))
			.setState(LoginState.PENDING)
			.setOpenId(null)
			.setNewFollower(false)
			.setDecidedAt(null)
			.setQrContent("http://weixin.qq.com/q/" + loginId)
			.build();
	}

	private static LoginStatus succeeded(String loginId, String code) {
		return new LoginStatus(loginId, "demo", "wx-demo", LoginState.SUCCEEDED, NOW.plusSeconds(300), NOW, code,
				"openid-1", true, "scene", NOW, null, null, null);
	}

	/**
	 * Owns every login but {@code remote-*} (owned by {@code owner}); {@code rebalancing}
	 * cannot be located yet and {@code explodes} fails unexpectedly.
	 */
	private static final class FakeStore extends StatusStore {

		private final Map<String, LoginStatus> statuses;

		private final HostInfo owner;

		FakeStore(Map<String, LoginStatus> statuses, HostInfo owner) {
			super(null, new HostInfo("localhost", 1));
			this.statuses = statuses;
			this.owner = owner;
		}

		@Override
		public HostInfo remoteOwnerOf(String loginId) {
			if (loginId.startsWith("remote-")) {
				return this.owner;
			}
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
