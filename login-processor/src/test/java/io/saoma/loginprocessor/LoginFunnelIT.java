package io.saoma.loginprocessor;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.wechat.FakeWechatApi;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
 * Real logins through a login processor on a real broker, against a WeChat API on a real
 * socket, show up in {@code GET /api/login-funnel}: started, succeeded as new and
 * existing followers, rejected and expired, with their time to scan, in the windows of
 * both sizes; the API needs its own key and names what is wrong with a request; the login
 * processor created the compacted topic it was missing.
 */
class LoginFunnelIT {

	private static final String FUNNEL_API_KEY = "funnel-key-0123456789";

	private static final WebClient client = WebClient.create();

	private static final JsonMapper json = JsonMapper.shared();

	private static FakeWechatApi wechat;

	private static LoginProcessorRun processor;

	private static EventProducer events;

	@BeforeAll
	static void start() {
		wechat = FakeWechatApi.issuingQrCodes();
		processor = LoginProcessorRun.start("login-funnel-it", "--wechat.api.base-url=" + wechat.baseUrl(),
				"--login.funnel.api-key=" + FUNNEL_API_KEY,
				// a QR code of 1 s expires at once
				"--login.scan-clock-skew=0s", "--login.expiry-grace=0s");
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
	void shouldCountRealLoginsInTheFunnel() {
		Map<String, Object> newFollower = startLogin(300);
		scan(newFollower, "o-new", true);
		Map<String, Object> existingFollower = startLogin(300);
		scan(existingFollower, "o-existing", false);
		awaitStatus(newFollower, "SUCCEEDED");
		awaitStatus(existingFollower, "SUCCEEDED");
		// the used QR code scanned again: rejected
		scan(existingFollower, "o-late", false);
		Map<String, Object> expiring = startLogin(1);
		Map<String, Object> abandoned = startLogin(300);
		awaitStatus(expiring, "EXPIRED");
		assertThat(abandoned).containsKey("loginId");

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode funnel = json.readTree(funnel("?account=main").getBody());
			assertThat(funnel.get("account").stringValue()).isEqualTo("main");
			assertThat(funnel.get("grace").stringValue()).isEqualTo("PT1M");
			for (String size : List.of("1m", "1h")) {
				// the logins may straddle a minute's (or an hour's) end: add the windows
				// up
				assertThat(sum(funnel, size, "started")).as(size + " started").isEqualTo(4);
				assertThat(sum(funnel, size, "scanned")).as(size + " scanned").isEqualTo(3);
				assertThat(sum(funnel, size, "succeeded")).as(size + " succeeded").isEqualTo(2);
				assertThat(sum(funnel, size, "succeededNewFollowers")).as(size + " new").isEqualTo(1);
				assertThat(sum(funnel, size, "succeededExistingFollowers")).as(size + " existing").isEqualTo(1);
				assertThat(sum(funnel, size, "rejected")).as(size + " rejected").isEqualTo(1);
				assertThat(sum(funnel, size, "expired")).as(size + " expired").isEqualTo(1);
			}
		});
		List<String> minutes = json.readTree(funnel("?account=main&window=1m").getBody())
			.get("windows")
			.values()
			.stream()
			.map((window) -> window.get("windowStart").stringValue())
			.toList();
		assertThat(minutes).as("newest first").isNotEmpty().isSortedAccordingTo(Comparator.reverseOrder());
		JsonNode hour = json.readTree(funnel("?account=main&window=1h").getBody()).get("windows");
		assertThat(hour.values()).isNotEmpty().allSatisfy((window) -> {
			assertThat(window.get("windowSize").stringValue()).isEqualTo("1h");
			assertThat(window.get("windowStart").stringValue()).endsWith(":00:00Z");
		});
		long measured = 0;
		for (JsonNode window : hour.values()) {
			measured += window.get("timeToScan").get("count").longValue();
			if (window.get("timeToScan").get("count").longValue() > 0) {
				assertThat(window.get("timeToScan").get("p50Millis").longValue()).isBetween(0L, 60_000L);
				assertThat(window.get("timeToScan").get("maxMillis").longValue()).isBetween(0L, 60_000L);
			}
		}
		assertThat(measured).as("both succeeded logins have a time to scan").isEqualTo(2);
	}

	@Test
	void shouldAnswerOnlyWithTheFunnelKeyAndNameWhatIsWrong() {
		assertError(get("/api/login-funnel?account=main", null), HttpStatus.UNAUTHORIZED, "unauthorized");
		assertError(get("/api/login-funnel?account=main", LoginProcessorRun.REDEEM_API_KEY), HttpStatus.UNAUTHORIZED,
				"unauthorized");
		assertError(funnel(""), HttpStatus.BAD_REQUEST, "bad_request");
		assertError(funnel("?account=nobody"), HttpStatus.NOT_FOUND, "unknown_account");
		assertError(funnel("?account=main&window=5m"), HttpStatus.BAD_REQUEST, "unknown_window");
	}

	@Test
	void shouldHaveCreatedTheFunnelTopicCompactedBeforeStarting() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, processor.broker().bootstrapServers()))) {
			ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.Names.LOGIN_FUNNEL);
			Config config = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
			assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
			assertThat(admin.describeTopics(List.of(Topics.Names.LOGIN_FUNNEL))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(Topics.Names.LOGIN_FUNNEL)
				.partitions()).as("as many as wechat.qr-tickets").hasSize(4);
		}
	}

	private static void assertError(ResponseEntity<String> answer, HttpStatus status, String error) {
		assertThat(answer.getStatusCode()).isEqualTo(status);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		JsonNode body = json.readTree(answer.getBody());
		assertThat(body.get("error").stringValue()).isEqualTo(error);
		assertThat(body.get("message").stringValue()).isNotBlank();
	}

	private static long sum(JsonNode funnel, String size, String field) {
		long sum = 0;
		for (JsonNode window : funnel.get("windows").values()) {
			if (window.get("windowSize").stringValue().equals(size)) {
				sum += window.get(field).longValue();
			}
		}
		return sum;
	}

	private static ResponseEntity<String> funnel(String query) {
		return get("/api/login-funnel" + query, FUNNEL_API_KEY);
	}

	private static ResponseEntity<String> get(String path, String key) {
		return client.get().uri(url(path)).headers((headers) -> {
			if (key != null) {
				headers.setBearerAuth(key);
			}
		})
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(15));
	}

	private static Map<String, Object> startLogin(int ttlSeconds) {
		return client.post()
			.uri(url("/api/qr-logins"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("account", "main", "ttlSeconds", ttlSeconds))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(15));
	}

	private static void scan(Map<String, Object> login, String openId, boolean follows) {
		String scene = FakeWechatApi.sceneOf((String) login.get("qrContent"));
		String ticket = FakeWechatApi.ticketOf(scene);
		TestEvents push = follows ? TestEvents.subscribe(scene, ticket) : TestEvents.scan(scene, ticket);
		events.send(push.from(openId).encryption(EncryptionMode.SAFE).build());
		events.flush();
	}

	private static void awaitStatus(Map<String, Object> login, String state) {
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			Map<String, Object> status = client.get()
				.uri(url("/api/qr-logins/" + login.get("loginId")))
				.retrieve()
				.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.block(Duration.ofSeconds(10));
			assertThat(status).containsEntry("status", state);
		});
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + processor.port() + path;
	}

}
