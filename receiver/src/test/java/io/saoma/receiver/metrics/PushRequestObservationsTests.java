package io.saoma.receiver.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the framework's {@code http.server.requests} observation still sees.
 */
class PushRequestObservationsTests {

	private final ObservationRegistry registry = ObservationRegistry.create();

	PushRequestObservationsTests() {
		this.registry.observationConfig()
			.observationHandler((context) -> true)
			.observationPredicate(new PushRequestObservations());
	}

	@Test
	void shouldLeaveAPushOutOfTheHttpServerRequestsObservation() {
		assertThat(observe(MockServerHttpRequest.post("/wechat/main?signature=s").build()).isNoop()).isTrue();
	}

	@Test
	void shouldStillObserveTheUrlVerificationAndOtherPaths() {
		assertThat(observe(MockServerHttpRequest.get("/wechat/main?echostr=e").build()).isNoop()).isFalse();
		assertThat(observe(MockServerHttpRequest.post("/other").build()).isNoop()).isFalse();
	}

	@Test
	void shouldKeepObservationsThatAreNotHttpServerRequests() {
		assertThat(Observation.createNotStarted("wechat.something", this.registry).isNoop()).isFalse();
	}

	private Observation observe(MockServerHttpRequest request) {
		ServerRequestObservationContext context = new ServerRequestObservationContext(request,
				new MockServerHttpResponse(), java.util.Map.of());
		return ServerHttpObservationDocumentation.HTTP_REACTIVE_SERVER_REQUESTS.observation(null,
				new DefaultServerRequestObservationConvention(), () -> context, this.registry);
	}

}
