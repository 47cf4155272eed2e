package io.saoma.loginprocessor;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.loginprocessor.topology.LoginTopology;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.wechat.FakeWechatApi;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two login processors share the work on a real broker, fed scans on
 * {@code wechat.events} as the receiver publishes them. Every request about a login is
 * answered correctly on the instance that does not own it, and a scan of its QR code ends
 * as SUCCEEDED on the browser's event stream. A code redeems exactly once however many
 * instances are asked at once. Last, a third instance joins: browsers whose login moved
 * follow it, and redemptions stay exactly once across the move.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginProcessorClusterIT {

	private static final Logger logger = LoggerFactory.getLogger(LoginProcessorClusterIT.class);

	private static final String API_KEY = "redeem-key-0123456789";

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static FakeWechatApi wechat;

	private static EventProducer events;

	private static final List<ConfigurableApplicationContext> processors = new ArrayList<>();

	private static final List<Integer> ports = new ArrayList<>();

	/** The instance that joins last. */
	private static ConfigurableApplicationContext joining;

	private static final WebClient client = WebClient.create();

	@BeforeAll
	static void startCluster() throws IOException {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		LoginProcessorRun.createTopics(broker);
		wechat = FakeWechatApi.issuingQrCodes();
		events = new EventProducer(broker.bootstrapServers());
		for (int i = 0; i < 2; i++) {
			int port = TestSocketUtils.findAvailableTcpPort();
			ports.add(port);
			processors.add(startProcessor(port));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> processors.stream().allMatch(LoginProcessorClusterIT::hasWork));
	}

	private static ConfigurableApplicationContext startProcessor(int port) throws IOException {
		return startProcessor(port, false);
	}

	/**
	 * Starts a login processor.
	 * @param port its port
	 * @param leavesEarly whether it is closed while the others run: then it gets event
	 * loops of its own, since closing an application that uses Reactor Netty's global
	 * ones would stop every server of this JVM
	 */
	private static ConfigurableApplicationContext startProcessor(int port, boolean leavesEarly) throws IOException {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		SpringApplication application = new SpringApplication(LoginProcessorApplication.class);
		if (leavesEarly) {
			application.addInitializers((context) -> ((GenericApplicationContext) context)
				.registerBean(ReactorResourceFactory.class, () -> {
					ReactorResourceFactory resources = new ReactorResourceFactory();
					resources.setUseGlobalResources(false);
					return resources;
				}));
		}
		return application.run("--server.port=" + port, "--management.server.port=0",
				"--login.advertised-host=127.0.0.1", "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("login-processor-" + port),
				"--wechat.api.base-url=" + wechat.baseUrl(), "--wechat.accounts.main.app-id=" + TestEvents.APP_ID,
				"--wechat.accounts.main.app-secret=secret-of-main", "--login.redeem-api-key=" + API_KEY,
				"--wechat.accounts.blocked.app-id=" + FakeWechatApi.BLOCKED_APP_ID,
				"--wechat.accounts.blocked.app-secret=secret-of-blocked",
				// the browsers of these tests all come from 127.0.0.1
				"--login.limits.client-starts=1000", "--login.limits.max-streams-per-client=1000",
				"--login.status-stream.owner-check-interval=500ms");
	}

	private static boolean hasWork(ConfigurableApplicationContext context) {
		KafkaStreams streams = streams(context);
		return streams.state() == KafkaStreams.State.RUNNING
				&& !streams.metadataForLocalThreads().iterator().next().activeTasks().isEmpty();
	}

	@AfterAll
	static void stopCluster() {
		if (joining != null) {
			joining.close();
		}
		processors.forEach(ConfigurableApplicationContext::close);
		if (events != null) {
			events.close();
		}
		if (wechat != null) {
			wechat.close();
		}
	}

	@Test
	void shouldLogInEndToEndAndStreamTheResultFromTheInstanceThatDoesNotOwnTheLogin() {
		Map<String, Object> login = start(ports.get(0));
		String loginId = (String) login.get("loginId");
		assertThat((String) login.get("qrImageUrl")).contains("showqrcode?ticket=TICKET-");
		int stranger = notOwnerOf(loginId);

		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		boolean[] completed = { false };
		Disposable stream = client.get()
			.uri("http://127.0.0.1:" + stranger + "/api/qr-logins/" + loginId + "/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENTS)
			.filter((event) -> event.data() != null)
			.doOnComplete(() -> completed[0] = true)
			.subscribe(events::add);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
			assertThat(events.get(0).data()).containsEntry("status", "PENDING").doesNotContainKey("openId");

			String openId = scan(login);

			await().atMost(Duration.ofSeconds(10)).until(() -> completed[0]);
			Map<String, Object> last = events.get(events.size() - 1).data();
			assertThat(last).containsEntry("status", "SUCCEEDED").doesNotContainKey("openId");
			String code = (String) last.get("code");
			assertThat(code).startsWith(loginId + ".");

			assertThat(status(stranger, loginId)).containsEntry("status", "SUCCEEDED").containsEntry("code", code);
			assertThat(redeem(stranger, API_KEY.substring(1) + "x", code).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
			var identity = redeem(stranger, API_KEY, code);
			assertThat(identity.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(identity.getBody()).contains("\"openId\":\"" + openId + "\"").contains("\"newFollower\":true");
			assertThat(redeem(ports.get(0), API_KEY, code).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(redeem(ports.get(1), API_KEY, code).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

			List<ConsumerRecord<String, LoginResult>> results = TopicReader.of(EmbeddedKraftBroker.shared())
				.readFromBeginning(Topics.Names.LOGINS, 50, Duration.ofSeconds(3), new StringDeserializer(),
						AvroSerdes.loginResult().deserializer());
			assertThat(results).filteredOn((record) -> record.key().equals(loginId))
				.singleElement()
				.satisfies((record) -> {
					assertThat(record.value().getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
					assertThat(record.value().getOpenId()).isEqualTo(openId);
				});
		}
		finally {
			stream.dispose();
		}
	}

	@Test
	void shouldGiveTheIdentityToExactlyOneOfManyConcurrentRedemptionsOnBothInstances() {
		Scanned scanned = startAndScan(ports.get(1), ports.get(0));
		String openId = scanned.openId();
		String code = scanned.code();

		List<ResponseEntity<String>> answers = Flux.range(0, 8)
			.flatMap((i) -> redeemAsync(ports.get(i % 2), code, null), 8)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(answers).filteredOn((answer) -> answer.getStatusCode() == HttpStatus.OK)
			.singleElement()
			.satisfies((won) -> assertThat(won.getBody()).contains("\"openId\":\"" + openId + "\""));
		assertThat(answers).filteredOn((answer) -> answer.getStatusCode() != HttpStatus.OK)
			.hasSize(7)
			.allSatisfy((lost) -> {
				assertThat(lost.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
				assertThat(lost.getBody()).contains("already_redeemed").doesNotContain(openId);
			});
	}

	@Test
	void shouldGiveTheIdentityAgainOnlyToARetryWithTheSameIdempotencyKey() {
		Scanned scanned = startAndScan(ports.get(0), ports.get(1));
		String openId = scanned.openId();
		String code = scanned.code();

		assertThat(redeemAsync(ports.get(0), code, "attempt-1").block(Duration.ofSeconds(15)).getBody())
			.contains(openId);
		assertThat(redeemAsync(ports.get(1), code, "attempt-1").block(Duration.ofSeconds(15)).getBody())
			.contains(openId);
		assertThat(redeemAsync(ports.get(1), code, "attempt-2").block(Duration.ofSeconds(15)).getStatusCode())
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(redeemAsync(ports.get(0), code, null).block(Duration.ofSeconds(15)).getStatusCode())
			.isEqualTo(HttpStatus.CONFLICT);
	}

	/**
	 * A third instance joins. Browsers attached to the instance that owned their login
	 * when they connected: those whose login moved see their stream end, reconnect (to
	 * the same instance, which now passes them on) and receive SUCCEEDED. Codes redeemed
	 * before the move are refused by the new owner; codes not redeemed yet redeem exactly
	 * once right after it.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void shouldKeepBrowsersAndRedemptionsRightWhenLoginsMoveToAJoiningInstance() throws IOException {
		List<Map<String, Object>> pending = new ArrayList<>();
		List<Map<String, Object>> redeemed = new ArrayList<>();
		List<Map<String, Object>> succeeded = new ArrayList<>();
		Map<String, Browser> browsers = new ConcurrentHashMap<>();
		Map<String, Integer> ownersBefore = new HashMap<>();
		Map<String, String> codes = new HashMap<>();
		try {
			for (int i = 0; i < 72; i++) {
				Map<String, Object> login = start(ports.get(i % 2));
				String loginId = (String) login.get("loginId");
				ownersBefore.put(loginId, ownerOf(loginId));
				((i % 3 == 0) ? pending : ((i % 3 == 1) ? redeemed : succeeded)).add(login);
			}
			for (Map<String, Object> login : pending) {
				String loginId = (String) login.get("loginId");
				browsers.put(loginId, Browser.attach(ownersBefore.get(loginId), loginId));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> browsers.values().stream().allMatch((browser) -> browser.last() != null));
			for (Map<String, Object> login : redeemed) {
				scan(login);
			}
			for (Map<String, Object> login : succeeded) {
				scan(login);
			}
			for (Map<String, Object> login : redeemed) {
				String loginId = (String) login.get("loginId");
				codes.put(loginId, awaitCode(ownersBefore.get(loginId), loginId));
				assertThat(
						redeemAsync(ownersBefore.get(loginId), codes.get(loginId), null).block(Duration.ofSeconds(15))
							.getStatusCode())
					.isEqualTo(HttpStatus.OK);
			}
			for (Map<String, Object> login : succeeded) {
				String loginId = (String) login.get("loginId");
				codes.put(loginId, awaitCode(ownersBefore.get(loginId), loginId));
			}

			int joiningPort = TestSocketUtils.findAvailableTcpPort();
			joining = startProcessor(joiningPort, true);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> hasWork(joining)
						&& processors.stream()
							.allMatch((context) -> streams(context).state() == KafkaStreams.State.RUNNING)
						&& ownerOfOrNull(pending.get(0)) != null);
			Set<String> moved = new HashSet<>();
			ownersBefore.forEach((loginId, owner) -> {
				Integer now = ownerOfOrNull(Map.of("loginId", loginId));
				if (now != null && !now.equals(owner)) {
					moved.add(loginId);
				}
			});

			List<String> movedRedeemed = ids(redeemed).stream().filter(moved::contains).toList();
			List<String> movedSucceeded = ids(succeeded).stream().filter(moved::contains).toList();
			List<String> movedPending = ids(pending).stream().filter(moved::contains).toList();
			long movedAt = System.nanoTime();
			logger.info("{} of {} logins moved: {} pending, {} redeemed, {} succeeded", moved.size(),
					ownersBefore.size(), movedPending.size(), movedRedeemed.size(), movedSucceeded.size());
			assertThat(movedPending).as("pending logins that moved (of %d moved)", moved.size()).isNotEmpty();
			assertThat(movedRedeemed).as("redeemed logins that moved").isNotEmpty();
			assertThat(movedSucceeded).as("succeeded logins that moved").isNotEmpty();

			// the browsers of moved logins were told to reconnect
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(movedPending).allSatisfy(
						(loginId) -> assertThat(browsers.get(loginId).connections()).isGreaterThanOrEqualTo(2)));
			logger.info("Every browser of a moved login reconnected within {} ms of the move being visible",
					Duration.ofNanos(System.nanoTime() - movedAt).toMillis());

			// right after the move: a code redeemed on the old owner stays redeemed, an
			// unredeemed one redeems once
			for (String loginId : movedRedeemed) {
				assertThat(redeemUntilDecided(ownersBefore.get(loginId), codes.get(loginId)).getStatusCode())
					.isEqualTo(HttpStatus.CONFLICT);
			}
			for (String loginId : movedSucceeded) {
				List<HttpStatus> answers = new ArrayList<>();
				for (int port : List.of(ownersBefore.get(loginId), joiningPort, ownersBefore.get(loginId))) {
					answers
						.add(HttpStatus.valueOf(redeemUntilDecided(port, codes.get(loginId)).getStatusCode().value()));
				}
				assertThat(answers).containsExactly(HttpStatus.OK, HttpStatus.CONFLICT, HttpStatus.CONFLICT);
			}

			// the browsers of moved logins learn the result from the new owner
			for (Map<String, Object> login : pending) {
				if (movedPending.contains((String) login.get("loginId"))) {
					scan(login);
				}
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(movedPending).allSatisfy((loginId) -> {
					assertThat(browsers.get(loginId).last()).containsEntry("status", "SUCCEEDED");
					assertThat((String) browsers.get(loginId).last().get("code")).startsWith(loginId + ".");
				}));
			logger.info("Browsers of moved logins: {} connections for {} logins; ends: {}",
					movedPending.stream().mapToInt((loginId) -> browsers.get(loginId).connections()).sum(),
					movedPending.size(),
					movedPending.stream()
						.flatMap((loginId) -> browsers.get(loginId).ends().stream())
						.collect(Collectors.groupingBy((end) -> end, Collectors.counting())));
		}
		finally {
			browsers.values().forEach(Browser::close);
		}
	}

	/**
	 * The joined instance leaves again (a graceful shutdown, as in a rolling deploy).
	 * Browsers attached to the other instances whose streams it served (passed on) see
	 * them end, reconnect and receive SUCCEEDED from the new owner; its open streams do
	 * not hold its shutdown up.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void shouldEndPassedOnStreamsWhenTheirOwnerLeavesAndServeTheBrowsersFromTheNewOwner() {
		assertThat(joining).as("the joining instance of the previous test").isNotNull();
		int leavingPort = Integer.parseInt(joining.getEnvironment().getProperty("local.server.port"));
		List<Map<String, Object>> logins = new ArrayList<>();
		Map<String, Browser> browsers = new ConcurrentHashMap<>();
		try {
			for (int i = 0; i < 24; i++) {
				Map<String, Object> login = start(ports.get(i % 2));
				if (ownerOf((String) login.get("loginId")) == leavingPort) {
					logins.add(login);
				}
			}
			assertThat(logins).as("logins owned by the leaving instance").isNotEmpty();
			for (int i = 0; i < logins.size(); i++) {
				String loginId = (String) logins.get(i).get("loginId");
				browsers.put(loginId, Browser.attach(ports.get(i % 2), loginId));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> browsers.values().stream().allMatch((browser) -> browser.last() != null));

			long closing = System.nanoTime();
			joining.close();
			joining = null;
			logger.info("The leaving instance closed in {} ms with {} passed-on streams open",
					Duration.ofNanos(System.nanoTime() - closing).toMillis(), logins.size());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(browsers.values())
					.allSatisfy((browser) -> assertThat(browser.connections()).isGreaterThanOrEqualTo(2)));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> processors.stream().allMatch(LoginProcessorClusterIT::hasWork) && logins.stream()
					.allMatch((login) -> ownerOfOrNull(login) != null && ownerOfOrNull(login) != leavingPort));
			logins.forEach(LoginProcessorClusterIT::scan);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(browsers.values())
					.allSatisfy((browser) -> assertThat(browser.last()).containsEntry("status", "SUCCEEDED")));
		}
		finally {
			browsers.values().forEach(Browser::close);
		}
	}

	@Test
	void shouldAnswerEveryLoginsStatusOnEveryInstance() {
		Set<Integer> owners = new HashSet<>();
		for (int i = 0; i < 8; i++) {
			String loginId = (String) start(ports.get(i % 2)).get("loginId");
			owners.add(ownerOf(loginId));
			for (int port : ports) {
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(status(port, loginId)).containsEntry("status", "PENDING")
						.containsEntry("loginId", loginId)
						.doesNotContainKey("openId"));
			}
		}
		assertThat(owners).as("both instances own some logins").containsExactlyInAnyOrderElementsOf(ports);
		for (int port : ports) {
			assertThat(client.get()
				.uri("http://127.0.0.1:" + port + "/api/qr-logins/unknown-login")
				.exchangeToMono((response) -> Mono.just(response.statusCode()))
				.block()).isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

	@Test
	void shouldExplainWhyALoginCannotStart() {
		var whitelist = startRaw(ports.get(0), Map.of("account", "blocked"));
		assertThat(whitelist.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		// the browser learns the errcode only: WeChat's errmsg (naming the egress IP) and
		// the hint are in the log
		assertThat(whitelist.getBody()).contains("\"errcode\":40164")
			.contains("WeChat refused the request; see the server log")
			.doesNotContain("whitelist")
			.doesNotContain("10.1.2.3")
			.doesNotContain("hint")
			.doesNotContain("secret-of-blocked")
			.doesNotContain("Exception");
		assertThat(startRaw(ports.get(1), Map.of("account", "nobody")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(startRaw(ports.get(1), Map.of("account", "main", "ttlSeconds", 2_592_001)).getStatusCode())
			.isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(startRaw(ports.get(1), Map.of("ttlSeconds", 60)).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void shouldObserveEveryCallToWechatAndToTheOwnerWithoutTheAccessToken() {
		Map<String, Object> login = start(ports.get(0));
		String loginId = (String) login.get("loginId");
		// passed on to the owner
		assertThat(status(notOwnerOf(loginId), loginId)).containsEntry("status", "PENDING");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<String> uris = processors.stream()
				.flatMap((processor) -> processor.getBean(MeterRegistry.class)
					.find("http.client.requests")
					.timers()
					.stream())
				.map((timer) -> timer.getId().getTag("uri"))
				.toList();
			assertThat(uris).contains("/cgi-bin/qrcode/create?access_token={access_token}", "/cgi-bin/stable_token")
				.noneMatch((uri) -> uri.contains("access_token=") && !uri.contains("{access_token}"))
				.noneMatch((uri) -> uri.contains(loginId));
		});
	}

	@Test
	void shouldAnswerClientErrorsInTheDocumentedJsonShapeOnTheRealServer() {
		int port = ports.get(0);
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.APPLICATION_JSON, "not json", null)).isEqualTo(
				"400 {\"error\":\"bad_request\",\"message\":\"body is not a JSON object with account (string), optional ttlSeconds (number) and optional codeChallenge (string)\"}");
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.APPLICATION_JSON, "{}", null))
			.isEqualTo("400 {\"error\":\"bad_request\",\"message\":\"account is required\"}");
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.TEXT_PLAIN, "{\"account\": \"main\"}", null))
			.isEqualTo(
					"415 {\"error\":\"unsupported_media_type\",\"message\":\"Content-Type must be application/json\"}");
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.APPLICATION_JSON, "{\"account\": \"nobody\"}", null))
			.isEqualTo("404 {\"error\":\"unknown_account\",\"message\":\"no account is configured under this id\"}");
		assertThat(raw(port, "POST", "/api/qr-logins/redeem", MediaType.APPLICATION_JSON, "{}", API_KEY))
			.isEqualTo("400 {\"error\":\"bad_request\",\"message\":\"code is required\"}");
		assertThat(raw(port, "POST", "/api/qr-logins/redeem", MediaType.APPLICATION_JSON, "{}", "wrong-key"))
			.isEqualTo("401 {\"error\":\"unauthorized\",\"message\":\"a valid redeem API key is required\"}");
		assertThat(raw(port, "DELETE", "/api/qr-logins/some-login", null, null, null))
			.isEqualTo("405 {\"error\":\"method_not_allowed\",\"message\":\"DELETE is not supported here; use GET\"}");
		assertThat(raw(port, "GET", "/api/qr-logins/some-login/events/more", null, null, null))
			.isEqualTo("404 {\"error\":\"not_found\",\"message\":\"no such resource of the login API\"}");
	}

	/**
	 * Starts a login on one instance, scans its QR code, and waits for its code on the
	 * other.
	 */
	private static Scanned startAndScan(int startOn, int codeFrom) {
		Map<String, Object> login = start(startOn);
		String openId = scan(login);
		return new Scanned(openId, awaitCode(codeFrom, (String) login.get("loginId")));
	}

	private record Scanned(String openId, String code) {
	}

	/**
	 * Publishes the subscribe scan of a login's QR code by a new user, as the receiver
	 * does.
	 * @return the openid of the user who scanned
	 */
	private static String scan(Map<String, Object> login) {
		String scene = FakeWechatApi.sceneOf((String) login.get("qrContent"));
		String openId = "o" + Long.toHexString(System.nanoTime());
		events.send(TestEvents.subscribe(scene, FakeWechatApi.ticketOf(scene))
			.from(openId)
			.encryption(EncryptionMode.SAFE)
			.build());
		events.flush();
		return openId;
	}

	private static String raw(int port, String method, String path, MediaType contentType, String body, String key) {
		return client.method(HttpMethod.valueOf(method)).uri("http://127.0.0.1:" + port + path).headers((headers) -> {
			if (contentType != null) {
				headers.setContentType(contentType);
			}
			if (key != null) {
				headers.setBearerAuth(key);
			}
		})
			.body((body != null) ? BodyInserters.fromValue(body) : BodyInserters.empty())
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((answer) -> response.statusCode().value() + " " + answer))
			.block(Duration.ofSeconds(10));
	}

	private static ResponseEntity<String> startRaw(int port, Map<String, Object> body) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(15));
	}

	private static Map<String, Object> start(int port) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("account", "main", "ttlSeconds", 120))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(15));
	}

	private static Map<String, Object> status(int port, String loginId) {
		return client.get()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins/" + loginId)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
	}

	private static ResponseEntity<String> redeem(int port, String key, String code) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins/redeem")
			.header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(10));
	}

	private static String awaitCode(int port, String loginId) {
		AtomicReference<String> code = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			Map<String, Object> status = status(port, loginId);
			assertThat(status).containsEntry("status", "SUCCEEDED");
			code.set((String) status.get("code"));
		});
		return code.get();
	}

	private static Mono<ResponseEntity<String>> redeemAsync(int port, String code, String idempotencyKey) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins/redeem")
			.header("Authorization", "Bearer " + API_KEY)
			.headers((headers) -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class);
	}

	/**
	 * Redeems, retrying a 503 (the login is moving) as a login service would, with the
	 * same code.
	 */
	private static ResponseEntity<String> redeemUntilDecided(int port, String code) {
		AtomicReference<ResponseEntity<String>> answer = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			answer.set(redeemAsync(port, code, null).block(Duration.ofSeconds(15)));
			return answer.get().getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE;
		});
		return answer.get();
	}

	private static List<String> ids(List<Map<String, Object>> logins) {
		return logins.stream().map((login) -> (String) login.get("loginId")).toList();
	}

	private static Integer ownerOfOrNull(Map<String, Object> login) {
		try {
			KeyQueryMetadata metadata = streams(processors.get(0)).queryMetadataForKey(LoginTopology.LOGIN_STATUS_STORE,
					(String) login.get("loginId"), new StringSerializer());
			return (metadata.activeHost() != null && metadata != KeyQueryMetadata.NOT_AVAILABLE)
					? metadata.activeHost().port() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A browser's EventSource on one instance: reconnects whenever its stream ends (or is
	 * refused) until a final status arrives.
	 */
	private record Browser(List<Map<String, Object>> statuses, AtomicInteger connectionCount, List<String> ends,
			Disposable subscription) {

		static Browser attach(int port, String loginId) {
			List<Map<String, Object>> statuses = new CopyOnWriteArrayList<>();
			List<String> ends = new CopyOnWriteArrayList<>();
			AtomicInteger connections = new AtomicInteger();
			Disposable subscription = Flux.defer(() -> {
				connections.incrementAndGet();
				return client.get()
					.uri("http://127.0.0.1:" + port + "/api/qr-logins/" + loginId + "/events")
					.accept(MediaType.TEXT_EVENT_STREAM)
					.retrieve()
					.bodyToFlux(EVENTS)
					.doOnNext((event) -> {
						if (event.retry() != null) {
							ends.add("retry: " + event.comment());
						}
					})
					.filter((event) -> event.data() != null)
					.onErrorResume((ex) -> {
						ends.add("error: " + ex.getMessage());
						return Flux.empty();
					});
			})
				.repeatWhen((completions) -> completions.delayElements(Duration.ofMillis(300)))
				.takeUntil((event) -> !"PENDING".equals(event.data().get("status")))
				.take(Duration.ofSeconds(180))
				.subscribe((event) -> statuses.add(event.data()));
			return new Browser(statuses, connections, ends, subscription);
		}

		Map<String, Object> last() {
			return this.statuses.isEmpty() ? null : this.statuses.get(this.statuses.size() - 1);
		}

		int connections() {
			return this.connectionCount.get();
		}

		void close() {
			this.subscription.dispose();
		}

	}

	private static int ownerOf(String loginId) {
		return streams(processors.get(0))
			.queryMetadataForKey(LoginTopology.LOGIN_STATUS_STORE, loginId, new StringSerializer())
			.activeHost()
			.port();
	}

	private static int notOwnerOf(String loginId) {
		int owner = ownerOf(loginId);
		return ports.get(0).equals(owner) ? ports.get(1) : ports.get(0);
	}

	private static KafkaStreams streams(ConfigurableApplicationContext context) {
		return context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
	}

}
