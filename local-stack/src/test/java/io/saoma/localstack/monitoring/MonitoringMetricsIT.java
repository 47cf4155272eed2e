package io.saoma.localstack.monitoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.saoma.localstack.DemoAccount;
import io.saoma.localstack.LocalStack;
import io.saoma.localstack.StackPorts;
import io.saoma.localstack.StackSettings;
import io.saoma.localstack.monitoring.MonitoringFiles.Query;
import io.saoma.localstack.monitoring.MonitoringFiles.Rule;
import io.saoma.localstack.simulator.ChatInbox;
import io.saoma.localstack.simulator.PushSender;
import io.saoma.localstack.simulator.SimulatorProperties;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric that the dashboard and the alert rules read is one the services really
 * expose: the local stack runs, logins (QR code, scan, redemption) and their relays to
 * the fake Authing go through it and one record nobody can decode is put on
 * {@code wechat.events} (so that the lazily registered dead-letter counters exist), then
 * the names of the queries must all be in the concatenated {@code /actuator/prometheus}
 * of the receiver, the login processor and the forwarder. A renamed meter, a dropped
 * dependency or a typo in a query fails here instead of showing an empty panel or an
 * alert that can never fire.
 */
class MonitoringMetricsIT {

	/**
	 * Names that no run of the stack can show, each with why it is still right to query.
	 */
	private static final Map<String, String> NOT_SHOWN = Map.of("login_poison_total",
			"registered only when a processor throws on a record that passed every check (a bug); "
					+ "SkipPoisonRecords names it login.poison, tested in login-processor");

	private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static LocalStack stack;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.shared();

	@BeforeAll
	static void start() {
		stack = LocalStack.start(StackPorts.free(), StackSettings.simulated());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldQueryOnlyMetricsTheServicesExpose() throws Exception {
		assertThat(stack.managementUrls()).containsOnlyKeys("saoma-receiver", "saoma-login-processor",
				"saoma-forwarder");
		for (int i = 0; i < 3; i++) {
			logInAndRedeem();
		}
		pushTheSameMessageTwice();
		putUndecodableRecordOnTheEventsTopic();

		Map<String, String> queried = queriedNames();
		// Kafka's per-partition consumer metrics are bound by Micrometer's periodic
		// refresh after the first fetch, and the dead letters arrive asynchronously: wait
		// (bounded) until nothing is missing, then report what still is.
		Set<String> exposed = new TreeSet<>();
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).until(() -> {
				exposed.clear();
				exposed.addAll(exposedNames());
				return missing(queried, exposed).isEmpty();
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// reported below with the names
		}
		assertThat(missing(queried, exposed))
			.as("metrics queried by the dashboard or alerts.yml (where) that no " + "service exposes; %d names exposed",
					exposed.size())
			.isEmpty();
		assertThat(exposed).as("names the test could not make the services show, still exposed?")
			.doesNotContainAnyElementsOf(NOT_SHOWN.keySet());
	}

	/**
	 * Queried names (with where they are queried) that are neither exposed nor recorded.
	 */
	private static Map<String, String> missing(Map<String, String> queried, Set<String> exposed) {
		Set<String> recorded = MonitoringFiles.rules()
			.stream()
			.map(Rule::record)
			.filter((name) -> name != null)
			.collect(Collectors.toSet());
		Map<String, String> missing = new TreeMap<>();
		queried.forEach((name, where) -> {
			if (!exposed.contains(name) && !recorded.contains(name) && !NOT_SHOWN.containsKey(name)) {
				missing.put(name, where);
			}
		});
		return missing;
	}

	/**
	 * Every metric name the dashboard and the rules read, with the first place it is
	 * read.
	 */
	private static Map<String, String> queriedNames() {
		Map<String, String> names = new LinkedHashMap<>();
		for (Query query : MonitoringFiles.dashboardQueries()) {
			PromqlMetricNames.of(query.expr()).forEach((name) -> names.putIfAbsent(name, "panel " + query.panel()));
		}
		for (JsonNode variable : MonitoringFiles.dashboard().path("templating").path("list")) {
			Matcher labelValues = LABEL_VALUES.matcher(variable.path("definition").asString());
			if (labelValues.find()) {
				names.putIfAbsent(labelValues.group(1), "variable " + variable.path("name").asString());
			}
		}
		for (Rule rule : MonitoringFiles.rules()) {
			String where = (rule.alert() != null) ? "alert " + rule.alert() : "record " + rule.record();
			PromqlMetricNames.of(rule.expr()).forEach((name) -> names.putIfAbsent(name, where));
		}
		assertThat(names).as("names read by the dashboard and the rules").hasSizeGreaterThan(15);
		return names;
	}

	private Set<String> exposedNames() throws Exception {
		Set<String> names = new TreeSet<>();
		for (String url : stack.managementUrls().values()) {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).timeout(WAIT).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(url + "/actuator/prometheus").isEqualTo(200);
			Matcher sample = SAMPLE_NAME.matcher(response.body());
			while (sample.find()) {
				names.add(sample.group(1));
			}
		}
		return names;
	}

	/**
	 * What a site does (README, Try the API locally): starts a login with a PKCE
	 * challenge, the simulator's phone scans it as a new follower (WeChat pushes to the
	 * receiver, the forwarder relays the push to the fake Authing), and the site redeems
	 * the code.
	 */
	private void logInAndRedeem() throws Exception {
		StackPorts ports = stack.ports();
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		JsonNode login = post(ports.url(ports.loginProcessor()) + "/api/qr-logins", "{\"account\": \"" + DemoAccount.ID
				+ "\", \"ttlSeconds\": 120, \"codeChallenge\": \"" + challenge + "\"}", null);
		JsonNode scan = post(ports.url(ports.page()) + "/sim/api/scan",
				"{\"qrContent\": " + login.path("qrContent") + ", \"newFollower\": true}", null);
		assertThat(scan.path("decision").path("outcome").asString()).as(scan.toString()).isEqualTo("SUCCEEDED");
		String status = ports.url(ports.loginProcessor()) + "/api/qr-logins/" + login.path("loginId").asString();
		JsonNode succeeded = await().atMost(WAIT).until(() -> get(status), (answer) -> answer.path("code").isString());
		JsonNode redeemed = post(ports.url(ports.loginProcessor()) + "/api/qr-logins/redeem",
				"{\"code\": " + succeeded.path("code") + ", \"codeVerifier\": \"" + verifier + "\"}",
				"Bearer " + DemoAccount.REDEEM_API_KEY);
		assertThat(redeemed.path("openId").asString()).as(redeemed.toString())
			.isEqualTo(scan.path("openId").asString());
	}

	/**
	 * A text message delivered twice, as WeChat retries a push it got no answer to: the
	 * fan-out drops the second delivery as a duplicate (same dedupId).
	 */
	private static void pushTheSameMessageTwice() {
		StackPorts ports = stack.ports();
		PushSender wechat = new PushSender(WebClient.create(),
				new SimulatorProperties(URI.create(ports.url(ports.receiver()) + "/wechat/" + DemoAccount.ID),
						URI.create(ports.url(ports.loginProcessor())), DemoAccount.REDEEM_API_KEY, WAIT, 0, false,
						null),
				Clock.systemUTC(), new ChatInbox(Clock.systemUTC()));
		String message = "<xml><ToUserName><![CDATA[" + DemoAccount.ORIGINAL_ID
				+ "]]></ToUserName><FromUserName><![CDATA[o-twice]]></FromUserName><CreateTime>"
				+ Instant.now().getEpochSecond()
				+ "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content>"
				+ "<MsgId>1234567890123456</MsgId></xml>";
		for (int delivery = 0; delivery < 2; delivery++) {
			assertThat(wechat.push("o-twice", message).block(WAIT)).as("delivery " + delivery)
				.containsExactly("success");
		}
	}

	/**
	 * A record that is no {@code WechatEvent}: the login processor, the fan-out and the
	 * relay each dead-letter it.
	 */
	private static void putUndecodableRecordOnTheEventsTopic() throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, "wx5a0ma0000000demo:o-poison".getBytes(),
						"not a WechatEvent".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
	}

	private JsonNode post(String url, String body, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(WAIT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isBetween(200, 299);
		return this.json.readTree(response.body());
	}

	private JsonNode get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
				HttpResponse.BodyHandlers.ofString());
		return this.json.readTree(response.body());
	}

}
