package io.saoma.loginprocessor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.saoma.loginprocessor.topology.LoginTopology;
import io.saoma.receiver.ReceiverApplication;
import io.saoma.receiver.TestPushes;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two login processors share the work on a real broker; the receiver feeds them. Every request about a login is
 * answered correctly on the instance that does not own it, and a scan pushed into the receiver ends as SUCCEEDED on
 * the browser's event stream.
 */
class LoginProcessorClusterIT {

	private static final String API_KEY = "redeem-key-0123456789";

	private static final TestPushes.Keys KEYS = new TestPushes.Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static FakeWechatApi wechat;

	private static ConfigurableApplicationContext receiver;

	private static final List<ConfigurableApplicationContext> processors = new ArrayList<>();

	private static final List<Integer> ports = new ArrayList<>();

	private static int receiverPort;

	private static final WebClient client = WebClient.create();

	@BeforeAll
	static void startCluster() throws IOException {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		broker.createTopic(Topics.WECHAT_EVENTS, 3);
		broker.createCompactedTopic(Topics.QR_TICKETS, 4);
		broker.createCompactedTopic(Topics.LOGIN_STATUS, 4);
		broker.createTopic(Topics.LOGINS, 4);
		broker.createTopic(Topics.LOGIN_PROCESSOR_DLT, 1);
		wechat = new FakeWechatApi();
		receiverPort = freePort();
		receiver = new SpringApplication(ReceiverApplication.class).run("--server.port=" + receiverPort,
				"--management.server.port=0",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--wechat.accounts.main.app-id=" + KEYS.appId(), "--wechat.accounts.main.token=" + KEYS.token(),
				"--wechat.accounts.main.encoding-aes-key=" + KEYS.encodingAesKey());
		for (int i = 0; i < 2; i++) {
			int port = freePort();
			ports.add(port);
			processors.add(new SpringApplication(LoginProcessorApplication.class).run("--server.port=" + port, "--management.server.port=0",
					"--login.advertised-host=127.0.0.1", "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("login-processor-" + i),
					"--wechat.api.base-url=" + wechat.baseUrl(), "--wechat.accounts.main.app-id=" + KEYS.appId(),
					"--wechat.accounts.main.app-secret=secret-of-main", "--login.redeem-api-key=" + API_KEY,
					"--wechat.accounts.blocked.app-id=" + FakeWechatApi.BLOCKED_APP_ID,
					"--wechat.accounts.blocked.app-secret=secret-of-blocked"));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> processors.stream()
			.allMatch((context) -> streams(context).state() == KafkaStreams.State.RUNNING
					&& !streams(context).metadataForLocalThreads().iterator().next().activeTasks().isEmpty()));
	}

	@AfterAll
	static void stopCluster() {
		processors.forEach(ConfigurableApplicationContext::close);
		if (receiver != null) {
			receiver.close();
		}
		if (wechat != null) {
			wechat.close();
		}
	}

	@Test
	void shouldLogInEndToEndAndStreamTheResultFromTheInstanceThatDoesNotOwnTheLogin() {
		Map<String, Object> login = start(ports.get(0));
		String loginId = (String) login.get("loginId");
		String scene = FakeWechatApi.sceneOf((String) login.get("qrContent"));
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

			String openId = "o" + Long.toHexString(System.nanoTime());
			String push = "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + openId
					+ "]]></FromUserName><CreateTime>" + Instant.now().getEpochSecond()
					+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
					+ "<EventKey><![CDATA[qrscene_" + scene + "]]></EventKey><Ticket><![CDATA["
					+ FakeWechatApi.ticketOf(scene) + "]]></Ticket></xml>";
			TestPushes.Push signed = TestPushes.safe(KEYS, Instant.now().getEpochSecond(), "n1", push);
			String answer = client.post()
				.uri("http://127.0.0.1:" + receiverPort + "/wechat/main?" + signed.query())
				.contentType(MediaType.TEXT_XML)
				.bodyValue(signed.body())
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
			assertThat(answer).isEqualTo("success");

			await().atMost(Duration.ofSeconds(10)).until(() -> completed[0]);
			Map<String, Object> last = events.get(events.size() - 1).data();
			assertThat(last).containsEntry("status", "SUCCEEDED").doesNotContainKey("openId");
			String code = (String) last.get("code");
			assertThat(code).startsWith(loginId + ".");

			assertThat(status(stranger, loginId)).containsEntry("status", "SUCCEEDED").containsEntry("code", code);
			assertThat(redeem(stranger, API_KEY.substring(1) + "x", code).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			var identity = redeem(stranger, API_KEY, code);
			assertThat(identity.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(identity.getBody()).contains("\"openId\":\"" + openId + "\"").contains("\"newFollower\":true");
			assertThat(redeem(ports.get(0), API_KEY, code).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(redeem(ports.get(1), API_KEY, code).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

			List<ConsumerRecord<String, LoginResult>> results = TopicReader.of(EmbeddedKraftBroker.shared())
				.readFromBeginning(Topics.LOGINS, 50, Duration.ofSeconds(3), new StringDeserializer(),
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
				.exchangeToMono((response) -> reactor.core.publisher.Mono.just(response.statusCode()))
				.block()).isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

	@Test
	void shouldExplainWhyALoginCannotStart() {
		var whitelist = startRaw(ports.get(0), Map.of("account", "blocked"));
		assertThat(whitelist.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		// the browser learns the errcode only: WeChat's errmsg (naming the egress IP) and the hint are in the log
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
	void shouldAnswerClientErrorsInTheDocumentedJsonShapeOnTheRealServer() {
		int port = ports.get(0);
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.APPLICATION_JSON, "not json", null))
			.isEqualTo("400 {\"error\":\"bad_request\",\"message\":\"body is not a JSON object with account (string), optional ttlSeconds (number) and optional codeChallenge (string)\"}");
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.APPLICATION_JSON, "{}", null))
			.isEqualTo("400 {\"error\":\"bad_request\",\"message\":\"account is required\"}");
		assertThat(raw(port, "POST", "/api/qr-logins", MediaType.TEXT_PLAIN, "{\"account\": \"main\"}", null))
			.isEqualTo("415 {\"error\":\"unsupported_media_type\",\"message\":\"Content-Type must be application/json\"}");
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

	private static String raw(int port, String method, String path, MediaType contentType, String body, String key) {
		return client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri("http://127.0.0.1:" + port + path)
			.headers((headers) -> {
				if (contentType != null) {
					headers.setContentType(contentType);
				}
				if (key != null) {
					headers.setBearerAuth(key);
				}
			})
			.body((body != null) ? org.springframework.web.reactive.function.BodyInserters.fromValue(body)
					: org.springframework.web.reactive.function.BodyInserters.empty())
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((answer) -> response.statusCode().value() + " " + answer))
			.block(Duration.ofSeconds(10));
	}

	private static org.springframework.http.ResponseEntity<String> startRaw(int port, Map<String, Object> body) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.onStatus((status) -> true, (response) -> reactor.core.publisher.Mono.empty())
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

	private static org.springframework.http.ResponseEntity<String> redeem(int port, String key, String code) {
		return client.post()
			.uri("http://127.0.0.1:" + port + "/api/qr-logins/redeem")
			.header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.retrieve()
			.onStatus((status) -> true, (response) -> reactor.core.publisher.Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(10));
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
