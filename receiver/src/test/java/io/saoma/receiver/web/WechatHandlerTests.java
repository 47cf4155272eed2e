package io.saoma.receiver.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.TestPushes.Keys;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.TestPushes;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.metrics.PushMetrics;
import io.saoma.receiver.publish.BrokerBusyException;
import io.saoma.receiver.publish.EventPublisher;
import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.receiver.reply.WelcomeReplies;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.wechat.ProtocolSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's answers, without a broker: a recording publisher stands in for Kafka.
 */
@ExtendWith(OutputCaptureExtension.class)
class WechatHandlerTests {

	private static final long NOW = 1714112445L;

	private static final Keys KEYS = new Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private static final Keys SHOP = new Keys("shopToken1", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
			"wxb11529c136998cb6");

	private final List<WechatEvent> published = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private EventPublisher publisher = (event) -> Mono.fromRunnable(() -> this.published.add(event));

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		WechatAccounts accounts = WechatAccounts.from(new WechatAccountsProperties(Map.of("main",
				new WechatAccountsProperties.Account(KEYS.appId(), null, KEYS.token(), KEYS.encodingAesKey(), null,
						"plaintext"),
				"shop", new WechatAccountsProperties.Account(SHOP.appId(), null, SHOP.token(), SHOP.encodingAesKey(),
						null, null))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> this.publisher.publish(event), new PushMetrics(this.registry, accounts),
				new RequestBodies(64 * 1024), clock);
		this.client = WebTestClient.bindToRouterFunction(WechatRoutes.of(handler)).build();
	}

	@Test
	void shouldEchoTheEchostrOfTv1ExactlyWhenTheSignatureMatches() {
		this.client.get()
			.uri("/wechat/main?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("4375120948345356249");
		assertThat(this.registry.counter("wechat.receiver.verifications", "account", "main", "outcome", "accepted")
			.count()).isEqualTo(1);
	}

	@Test
	void shouldAnswer401AndNoEchoWhenTheVerificationSignatureIsWrong() {
		this.client.get()
			.uri("/wechat/main?signature=e37a5ceeedc0c0d760d9efcfbea6a83d9c885808&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("4375120948345356249").contains("bad_signature"));
	}

	@Test
	void shouldAnswer401JsonWhenTheVerificationSignatureIsMissing() {
		expectBadSignature(this.client.get()
			.uri("/wechat/main?echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
			.exchange(), "query parameter signature is missing");
		expectBadSignature(this.client.get().uri("/wechat/main").exchange(), "query parameter signature is missing");
		assertThat(this.registry.counter("wechat.receiver.verifications", "account", "main", "outcome", "bad_signature")
			.count()).isEqualTo(2);
	}

	@Test
	void shouldAnswer401JsonWhenTheVerificationSignatureIsWrong() {
		expectBadSignature(this.client.get()
			.uri("/wechat/main?signature=e37a5ceeedc0c0d760d9efcfbea6a83d9c885808&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
			.exchange(), "signature does not match");
	}

	@Test
	void shouldAnswer401WithoutReadingTheBodyWhenAPushHasNoQuery(CapturedOutput output) {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		expectBadSignature(this.client.post()
			.uri("/wechat/main")
			.contentType(MediaType.TEXT_XML)
			.bodyValue(push.body())
			.exchange(), "query parameter signature is missing");
		// a body over the limit is not even looked at: the push is refused for what it
		// lacks, not for its size
		this.client.post()
			.uri("/wechat/main")
			.contentType(MediaType.TEXT_XML)
			.bodyValue("<xml><Content>" + "x".repeat(70_000) + "</Content></xml>")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(this.published).isEmpty();
		assertThat(count("main", Outcome.BAD_SIGNATURE)).isEqualTo(2);
		assertThat(count("main", Outcome.TOO_LARGE)).isZero();
		assertThat(output)
			.contains("Rejected push for account 'main' with 401 bad_signature: query parameter signature is missing")
			.doesNotContain(KEYS.token());
	}

	@Test
	void shouldAnswer401NamingEachMissingAuthenticationParameter(CapturedOutput output) {
		Push plaintext = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		// the first rejection per account and outcome is logged at once, the next ones
		// only counted for a minute
		expectUnauthenticated(safe.withParameter("msg_signature", null), "query parameter msg_signature is missing");
		expectUnauthenticated(plaintext.withParameter("signature", null), "query parameter signature is missing");
		expectUnauthenticated(plaintext.withParameter("signature", ""), "query parameter signature is missing");
		expectUnauthenticated(plaintext.withParameter("timestamp", null), "query parameter timestamp is missing");
		expectUnauthenticated(plaintext.withParameter("nonce", null), "query parameter nonce is missing");
		expectUnauthenticated(safe.withParameter("signature", null), "query parameter signature is missing");
		assertThat(this.published).isEmpty();
		assertThat(count("main", Outcome.BAD_SIGNATURE)).isEqualTo(6);
		assertThat(output)
			.contains("query parameter msg_signature is missing (WeChat always sends it with encrypt_type=aes")
			.doesNotContain(KEYS.token())
			.doesNotContain(KEYS.encodingAesKey());
	}

	@Test
	void shouldAnswer503BrokerBusyAtOnceWhenTooManyWritesAreWaitingForTheBroker() {
		this.publisher = (event) -> Mono.error(new BrokerBusyException("2 writes are already waiting for the broker"));
		post("main", TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN)).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.json("{\"error\": \"broker_busy\", \"message\": \"the receiver is busy, retry later\"}",
					JsonCompareMode.STRICT);
		assertThat(count("main", Outcome.BROKER_BUSY)).isEqualTo(1);
	}

	@Test
	void shouldAnswer503DeadlineExceededWhenAPushIsNotAnsweredWithinTheRequestDeadline() {
		WechatAccounts accounts = WechatAccounts
			.from(new WechatAccountsProperties(Map.of("main", new WechatAccountsProperties.Account(KEYS.appId(), null,
					KEYS.token(), KEYS.encodingAesKey(), null, "plaintext"))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> Mono.never(), new PushMetrics(this.registry, accounts), new RequestBodies(64 * 1024), clock,
				4, Duration.ofMillis(200), RejectionLog.warnings(Duration.ofMinutes(1)));
		WebTestClient client = WebTestClient.bindToRouterFunction(WechatRoutes.of(handler)).build();
		Push push = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		client.post()
			.uri("/wechat/main?" + push.query())
			.contentType(MediaType.parseMediaType(push.contentType()))
			.bodyValue(push.body())
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("deadline_exceeded");
	}

	@Test
	void shouldLogAFloodOfRejectionsAsOneLinePerAccountAndOutcome(CapturedOutput output) {
		Push plaintext = TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN);
		for (int i = 0; i < 50; i++) {
			expectUnauthenticated(plaintext.withParameter("signature", "0".repeat(40)), "signature does not match");
		}
		assertThat(count("main", Outcome.BAD_SIGNATURE)).isEqualTo(50);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rejected push"))).hasSize(1);
	}

	@Test
	void shouldCheckTheSignatureOfAnEncryptedPushBeforeReadingItsBody() {
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		expectUnauthenticated(safe.withParameter("signature", "0".repeat(40)), "signature does not match");
		assertThat(this.published).isEmpty();
	}

	@Test
	void shouldAnswer404ForAnUnknownAccount() {
		this.client.get()
			.uri("/wechat/other?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=1&timestamp=1714036504&nonce=1514711492")
			.exchange()
			.expectStatus()
			.isNotFound();
		post("other", TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN)).expectStatus().isNotFound();
		assertThat(this.published).isEmpty();
		assertThat(count("_unknown", Outcome.UNKNOWN_ACCOUNT)).isEqualTo(1);
	}

	@Test
	void shouldAnswerSuccessAfterPublishingInEveryMode() {
		post("main", TestPushes.plaintext(KEYS, NOW, "n1", ProtocolSamples.SUBSCRIBE_QR)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("success");
		post("main", TestPushes.compatible(KEYS, NOW, "n2", ProtocolSamples.SUBSCRIBE_QR)).expectStatus().isOk();
		post("main", TestPushes.safe(KEYS, NOW, "n3", ProtocolSamples.SUBSCRIBE_QR)).expectStatus().isOk();
		post("main", TestPushes.safeJson(KEYS, NOW, "n4", "gh_1",
				"{\"ToUserName\":\"gh_1\",\"FromUserName\":\"FromUser\",\"CreateTime\":1,\"MsgType\":\"event\",\"Event\":\"SCAN\",\"EventKey\":\"x\",\"Ticket\":\"T\"}"))
			.expectStatus()
			.isOk();
		assertThat(this.published).extracting(WechatEvent::getEncryption)
			.containsExactly(EncryptionMode.PLAINTEXT, EncryptionMode.COMPATIBLE, EncryptionMode.SAFE,
					EncryptionMode.SAFE);
		assertThat(this.published.get(0).getRequest().getContentType()).startsWith("text/xml");
		assertThat(count("main", Outcome.ACCEPTED)).isEqualTo(4);
		assertThat(pushes("main", Outcome.ACCEPTED).totalTime(TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void shouldServeEachAccountWithItsOwnSecretsOnly() {
		post("shop", TestPushes.safe(SHOP, NOW, "n", ProtocolSamples.SCAN)).expectStatus().isOk();
		post("shop", TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN)).expectStatus().isUnauthorized();
		post("main", TestPushes.safe(SHOP, NOW, "n", ProtocolSamples.SCAN)).expectStatus().isUnauthorized();
		Keys mainTokenShopKey = new Keys(KEYS.token(), SHOP.encodingAesKey(), SHOP.appId());
		post("main", TestPushes.safe(mainTokenShopKey, NOW, "n", ProtocolSamples.SCAN)).expectStatus().isBadRequest();
		assertThat(this.published).singleElement().satisfies((event) -> {
			assertThat(event.getAccount()).isEqualTo("shop");
			assertThat(event.getAppId()).isEqualTo(SHOP.appId());
		});
		assertThat(count("shop", Outcome.ACCEPTED)).isEqualTo(1);
		assertThat(count("shop", Outcome.BAD_SIGNATURE)).isEqualTo(1);
		assertThat(count("main", Outcome.BAD_SIGNATURE)).isEqualTo(1);
		assertThat(count("main", Outcome.DECRYPT_FAILED)).isEqualTo(1);
	}

	@Test
	void shouldAnswerEachBadInputWithItsStatusAndPublishNothing() {
		Push safe = TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN);
		expectRejected(TestPushes.plaintext(KEYS, NOW, "n", ProtocolSamples.SCAN).withParameter("signature", "0"),
				HttpStatus.UNAUTHORIZED, Outcome.BAD_SIGNATURE);
		expectRejected(safe.withParameter("msg_signature", "0".repeat(40)), HttpStatus.UNAUTHORIZED,
				Outcome.BAD_SIGNATURE);
		expectRejected(TestPushes.plaintext(KEYS, NOW, "n",
				"<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>&x;</ToUserName></xml>"),
				HttpStatus.BAD_REQUEST, Outcome.MALFORMED);
		expectRejected(TestPushes.plaintext(KEYS, NOW, "n", "<xml><ToUserName>"), HttpStatus.BAD_REQUEST,
				Outcome.MALFORMED);
		expectRejected(TestPushes.safe(new Keys(KEYS.token(), KEYS.encodingAesKey(), "wx0000000000000000"), NOW, "n",
				ProtocolSamples.SCAN), HttpStatus.BAD_REQUEST, Outcome.DECRYPT_FAILED);
		expectRejected(TestPushes.plaintext(KEYS, NOW - 3600, "n", ProtocolSamples.SCAN), HttpStatus.FORBIDDEN,
				Outcome.REPLAYED);
		expectRejected(TestPushes.plaintext(KEYS, NOW, "n", "<xml><Content>" + "x".repeat(70_000) + "</Content></xml>"),
				HttpStatus.CONTENT_TOO_LARGE, Outcome.TOO_LARGE);
		assertThat(this.published).isEmpty();
	}

	@Test
	void shouldRefuseAChunkedBodyOverTheLimit() {
		Push push = TestPushes.plaintext(KEYS, NOW, "n", "<xml><Content>" + "x".repeat(70_000) + "</Content></xml>");
		this.client.post()
			.uri("/wechat/main?" + push.query())
			.contentType(MediaType.TEXT_XML)
			.body(reactor.core.publisher.Flux.just(push.body().substring(0, 40_000), push.body().substring(40_000))
				.map((part) -> org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance
					.wrap(part.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
					org.springframework.core.io.buffer.DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(this.published).isEmpty();
	}

	@Test
	void shouldAnswer503WhenTheBrokerDoesNotAcknowledge() {
		this.publisher = (event) -> Mono.error(new PushRejectedException(Outcome.BROKER_TIMEOUT, "too slow"));
		post("main", TestPushes.safe(KEYS, NOW, "n", ProtocolSamples.SCAN)).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("success").contains("broker_timeout"));
		assertThat(count("main", Outcome.BROKER_TIMEOUT)).isEqualTo(1);
		assertThat(count("main", Outcome.ACCEPTED)).isZero();
	}

	@Test
	void shouldAnswer500InternalErrorCountedAndLoggedOnceWhenAPushFailsUnexpectedly(CapturedOutput output) {
		this.publisher = (event) -> Mono.error(new IllegalStateException("a bug in the publisher"));
		for (int i = 0; i < 3; i++) {
			post("main", TestPushes.safe(KEYS, NOW, "n" + i, ProtocolSamples.SCAN)).expectStatus()
				.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
				.expectHeader()
				.valueEquals(HttpHeaders.CONNECTION, "close")
				.expectBody()
				.json("{\"error\": \"internal_error\", \"message\": \"the receiver failed, retry later\"}",
						JsonCompareMode.STRICT);
		}
		this.publisher = (event) -> {
			throw new IllegalArgumentException("a bug thrown, not signalled");
		};
		post("main", TestPushes.safe(KEYS, NOW, "n3", ProtocolSamples.SCAN)).expectStatus()
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(count("main", Outcome.INTERNAL_ERROR)).isEqualTo(4);
		assertThat(count("main", Outcome.ACCEPTED)).isZero();
		assertThat(output.getOut().lines().filter((line) -> line.contains("failed unexpectedly"))).hasSize(1);
		assertThat(output.getOut()).contains("java.lang.IllegalStateException: a bug in the publisher")
			.contains("Rejected push for account 'main' with 500 internal_error")
			.doesNotContain(KEYS.token())
			.doesNotContain(KEYS.encodingAesKey());
	}

	@Test
	void shouldFreeAPushsPermitBeforeItsAnswerIsHandedOnSoTheNextPushOnTheConnectionIsAdmitted() {
		WechatAccounts accounts = WechatAccounts
			.from(new WechatAccountsProperties(Map.of("main", new WechatAccountsProperties.Account(KEYS.appId(), null,
					KEYS.token(), KEYS.encodingAesKey(), null, "plaintext"))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		// the broker's acknowledgement arrives on another thread, as the producer's does
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> Mono.<Void>empty().delaySubscription(Duration.ofMillis(1)),
				new PushMetrics(this.registry, accounts), new RequestBodies(64 * 1024), clock, 1, Duration.ofSeconds(5),
				RejectionLog.warnings(Duration.ofMinutes(1)));
		// one connection, one permit: each push is sent once the previous one is answered
		for (int i = 0; i < 20; i++) {
			Push push = TestPushes.plaintext(KEYS, NOW, "n" + i, ProtocolSamples.SCAN);
			AtomicInteger inFlightWhenAnswered = new AtomicInteger(-1);
			ServerResponse response = handler.receive(request(push))
				.doOnNext((answer) -> inFlightWhenAnswered.set(handler.pushesInFlight()))
				.block(Duration.ofSeconds(5));
			assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
			assertThat(inFlightWhenAnswered).hasValue(0);
		}
		assertThat(count("main", Outcome.ACCEPTED)).isEqualTo(20);
		assertThat(count("main", Outcome.OVERLOADED)).isZero();
	}

	@Test
	void shouldAnswer503OverloadedWhileAllPermitsAreHeldAndAdmitAgainOnceOneIsFree() {
		WechatAccounts accounts = WechatAccounts
			.from(new WechatAccountsProperties(Map.of("main", new WechatAccountsProperties.Account(KEYS.appId(), null,
					KEYS.token(), KEYS.encodingAesKey(), null, "plaintext"))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		Sinks.Empty<Void> ack = Sinks.empty();
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> ack.asMono(), new PushMetrics(this.registry, accounts), new RequestBodies(64 * 1024), clock,
				1, Duration.ofSeconds(5), RejectionLog.warnings(Duration.ofMinutes(1)));
		AtomicReference<ServerResponse> first = new AtomicReference<>();
		handler.receive(request(TestPushes.plaintext(KEYS, NOW, "a", ProtocolSamples.SCAN))).subscribe(first::set);
		assertThat(handler.pushesInFlight()).isEqualTo(1);
		ServerResponse refused = handler.receive(request(TestPushes.plaintext(KEYS, NOW, "b", ProtocolSamples.SCAN)))
			.block(Duration.ofSeconds(5));
		assertThat(refused.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		ack.tryEmitEmpty();
		assertThat(first.get().statusCode()).isEqualTo(HttpStatus.OK);
		assertThat(handler.pushesInFlight()).isZero();
		ServerResponse admitted = handler.receive(request(TestPushes.plaintext(KEYS, NOW, "c", ProtocolSamples.SCAN)))
			.block(Duration.ofSeconds(5));
		assertThat(admitted.statusCode()).isEqualTo(HttpStatus.OK);
		assertThat(count("main", Outcome.OVERLOADED)).isEqualTo(1);
	}

	private static ServerRequest request(Push push) {
		MockServerRequest.Builder builder = MockServerRequest.builder()
			.method(HttpMethod.POST)
			.uri(URI.create("/wechat/main?" + push.query()))
			.pathVariable("account", "main")
			.header(HttpHeaders.CONTENT_TYPE, push.contentType());
		for (String pair : push.query().split("&")) {
			int eq = pair.indexOf('=');
			builder.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
		}
		return builder.body(
				Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(push.body().getBytes(StandardCharsets.UTF_8))));
	}

	private void expectUnauthenticated(Push push, String message) {
		expectBadSignature(post("main", push), message);
	}

	/** A 401 answer in JSON naming what is wrong with the signature. */
	private static void expectBadSignature(WebTestClient.ResponseSpec response, String message) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("{\"error\": \"bad_signature\", \"message\": \"" + message + "\"}", JsonCompareMode.STRICT);
	}

	private void expectRejected(Push push, HttpStatus status, Outcome outcome) {
		long before = count("main", outcome);
		post("main", push).expectStatus()
			.isEqualTo(status)
			.expectBody(ErrorBody.class)
			.value((body) -> assertThat(body.error()).isEqualTo(outcome.tag()));
		assertThat(count("main", outcome)).isEqualTo(before + 1);
	}

	@Test
	void shouldAnswerANewFollowerWithTheWelcomeTextOnlyAfterThePushWasPublished() throws Exception {
		WechatAccounts accounts = WechatAccounts
			.from(new WechatAccountsProperties(Map.of("main", new WechatAccountsProperties.Account(KEYS.appId(), null,
					KEYS.token(), KEYS.encodingAesKey(), null, "plaintext"))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> this.publisher.publish(event), new PushMetrics(this.registry, accounts),
				new RequestBodies(64 * 1024), clock, 64, Duration.ofMillis(4500),
				RejectionLog.warnings(Duration.ofMinutes(1)), new WelcomeReplies(Map.of("main", "欢迎"), clock));
		this.client = WebTestClient.bindToRouterFunction(WechatRoutes.of(handler)).build();
		String reply = post("main", TestPushes.safe(KEYS, NOW, "n1", ProtocolSamples.SUBSCRIBE_QR)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(this.published).hasSize(1);
		Matcher encrypt = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(reply);
		assertThat(encrypt.find()).isTrue();
		assertThat(MessageCipher.decrypt(encrypt.group(1), AesKey.decode(KEYS.encodingAesKey()), KEYS.appId()))
			.contains("<ToUserName><![CDATA[FromUser]]></ToUserName>")
			.contains("<Content><![CDATA[欢迎]]></Content>");
		post("main", TestPushes.safe(KEYS, NOW, "n2", ProtocolSamples.SCAN)).expectBody(String.class)
			.isEqualTo("success");
		this.publisher = (event) -> Mono.error(new BrokerBusyException("full"));
		post("main", TestPushes.safe(KEYS, NOW, "n3", ProtocolSamples.SUBSCRIBE_QR)).expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("Encrypt"));
	}

	private WebTestClient.ResponseSpec post(String account, Push push) {
		return this.client.post()
			.uri("/wechat/" + account + "?" + push.query())
			.contentType(MediaType.parseMediaType(push.contentType()))
			.bodyValue(push.body())
			.exchange();
	}

	private long count(String account, Outcome outcome) {
		return pushes(account, outcome).count();
	}

	private Timer pushes(String account, Outcome outcome) {
		return this.registry.get("wechat.receiver.pushes").tags("account", account, "outcome", outcome.tag()).timer();
	}

}
