package io.saoma.forwarder.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.health.contributor.Status;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class RelayClientTests {

	private final MockWebServer server = new MockWebServer();

	private RelayClient client;

	private RelayRequest request;

	@BeforeEach
	void start() throws IOException {
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		// generous: the first call of a JVM starts Netty, slow on a loaded machine; the
		// timeout test has its own
		this.client = new RelayClient(WebClient.create(), Duration.ofSeconds(15));
		this.request = new RelayRequest("main", URI.create("http://127.0.0.1:" + this.server.getPort() + "/events?a=1"),
				"application/json", "{\"xml\":{}}".getBytes(), "push-1", "event-1");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldPostTheBodyContentTypePushIdAndDeliveryId() throws InterruptedException {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		assertThatNoException().isThrownBy(() -> this.client.send(this.request));
		RecordedRequest recorded = this.server.takeRequest();
		assertThat(recorded.getMethod()).isEqualTo("POST");
		assertThat(recorded.getUrl().encodedQuery()).isEqualTo("a=1");
		assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
		assertThat(recorded.getHeaders().get(RelayClient.EVENT_ID_HEADER)).isEqualTo("push-1");
		assertThat(recorded.getHeaders().get(RelayClient.DELIVERY_ID_HEADER)).isEqualTo("event-1");
		assertThat(recorded.getBody().utf8()).isEqualTo("{\"xml\":{}}");
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 408, 429 })
	void shouldRetryAnswersThatMayPass(int status) {
		this.server.enqueue(new MockResponse.Builder().code(status).build());
		assertThatExceptionOfType(RelayFailure.Retryable.class).isThrownBy(() -> this.client.send(this.request))
			.withMessageContaining("answered " + status);
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 307, 308, 401, 403, 404 })
	void shouldRetryAnswersThatSayTheEventsUrlIsWrongAsFailuresOfTheEndpoint(int status) {
		this.server
			.enqueue(new MockResponse.Builder().code(status).addHeader("Location", "https://elsewhere/").build());
		assertThatExceptionOfType(RelayFailure.EndpointMisconfigured.class)
			.isThrownBy(() -> this.client.send(this.request))
			.withMessageContaining("answered " + status)
			.withMessageContaining("events URL")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(status))
			.isInstanceOf(RelayFailure.Retryable.class);
		assertThat(this.server.getRequestCount()).as("a redirect is not followed").isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 405, 409, 410, 413, 415, 422 })
	void shouldRefuseOtherAnswers(int status) {
		this.server.enqueue(new MockResponse.Builder().code(status).build());
		assertThatExceptionOfType(RelayFailure.Rejected.class).isThrownBy(() -> this.client.send(this.request))
			.withMessageContaining("answered " + status);
	}

	@Test
	void shouldOpenTheCircuitAndDegradeHealthWhenTheEventsUrlIsWrong() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(new MockResponse.Builder().code(404).build());
		}
		RelayCircuits circuits = circuits(3);
		Relay relay = relay(circuits);
		RelayHealthIndicator health = new RelayHealthIndicator(circuits, (account) -> false);
		WechatEvent event = RelayRequestTests.event(EncryptionMode.SAFE);
		for (int i = 0; i < 3; i++) {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThatExceptionOfType(RelayFailure.EndpointMisconfigured.class).isThrownBy(() -> relay.relay(event));
		}
		assertThat(circuits.of("main").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(health.health().getStatus()).isEqualTo(new Status(RelayHealthIndicator.DEGRADED));
		assertThat(health.health().getDetails()).containsOnlyKeys("main");
		assertThatExceptionOfType(RelayFailure.CircuitOpen.class).isThrownBy(() -> relay.relay(event));
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void shouldNotCountARefusalAgainstTheEndpoint() {
		for (int i = 0; i < 5; i++) {
			this.server.enqueue(new MockResponse.Builder().code(400).build());
		}
		RelayCircuits circuits = circuits(3);
		Relay relay = relay(circuits);
		WechatEvent event = RelayRequestTests.event(EncryptionMode.SAFE);
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(RelayFailure.Rejected.class).isThrownBy(() -> relay.relay(event));
		}
		assertThat(circuits.of("main").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void shouldDeadLetterAPushOlderThanTheMaxAgeWithoutCallingTheEndpoint() {
		Relay relay = relay(circuits(3));
		WechatEvent event = RelayRequestTests.event(EncryptionMode.SAFE);
		event.setReceivedAt(Instant.now().minus(Duration.ofMinutes(61)));
		assertThatExceptionOfType(RelayFailure.Expired.class).isThrownBy(() -> relay.relay(event))
			.withMessageContaining("forwarder.relay.max-age")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("max-age"));
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void shouldRelayAPushJustYoungerThanTheMaxAge() {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		Relay relay = relay(circuits(3));
		WechatEvent event = RelayRequestTests.event(EncryptionMode.SAFE);
		event.setReceivedAt(Instant.now().minus(Duration.ofMinutes(59)));
		assertThat(relay.relay(event)).isTrue();
		assertThat(this.server.getRequestCount()).isOne();
	}

	private static RelayCircuits circuits(int failureThreshold) {
		return new RelayCircuits(java.util.List.of("main"),
				new ForwarderProperties.Circuit(failureThreshold, Duration.ofMinutes(1), Duration.ofSeconds(1)),
				Clock.systemUTC());
	}

	private Relay relay(RelayCircuits circuits) {
		return new Relay(
				Map.of("main",
						new ForwarderProperties.Account(this.request.uri().toString(), Format.VERBATIM, Events.ALL)),
				circuits, this.client, new SimpleMeterRegistry(), Duration.ofHours(1), Clock.systemUTC());
	}

	@Test
	void shouldTimeEveryCallAsHttpClientRequestsTaggedWithItsAccountAndOutcome() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		RelayClient observed = new RelayClient(WebClient.builder()
			.observationRegistry(observations)
			.observationConvention(new RelayObservationConvention())
			.build(), Duration.ofSeconds(15));
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.server.enqueue(new MockResponse.Builder().code(503).build());

		observed.send(this.request);
		assertThatExceptionOfType(RelayFailure.Retryable.class).isThrownBy(() -> observed.send(this.request));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.find("http.client.requests").tag("account", "main").timers())
				.extracting((timer) -> timer.getId().getTag("status") + "=" + timer.count())
				.containsExactlyInAnyOrder("200=1", "503=1"));
	}

	@Test
	void shouldRetryATimeout() {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
		RelayClient impatient = new RelayClient(WebClient.create(), Duration.ofMillis(500));
		assertThatExceptionOfType(RelayFailure.Retryable.class).isThrownBy(() -> impatient.send(this.request))
			.withMessageContaining("no answer within PT0.5S");
	}

	@Test
	void shouldRetryWhenNobodyListens() {
		this.server.close();
		assertThatExceptionOfType(RelayFailure.Retryable.class).isThrownBy(() -> this.client.send(this.request))
			.withMessageContaining("relay to 127.0.0.1 failed");
	}

}
