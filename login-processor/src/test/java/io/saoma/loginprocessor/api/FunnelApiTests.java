package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.saoma.loginprocessor.config.LoginProperties;
import io.saoma.loginprocessor.topology.FunnelRecords;
import io.saoma.loginprocessor.topology.FunnelSettings;
import io.saoma.loginprocessor.topology.FunnelStep;
import io.saoma.schemas.login.LoginFunnel;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/login-funnel} over HTTP, bound to its route: a fake store owns account
 * {@code main} here and {@code remote} on another instance (a real socket), which the
 * request is passed on to with its key. Errors have the login API's shape.
 */
class FunnelApiTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:30Z");

	private static final String KEY = "funnel-key-0123456789";

	private static final FunnelSettings SETTINGS = FunnelSettings.defaults();

	private final ConcurrentLinkedQueue<HttpHeaders> passedOn = new ConcurrentLinkedQueue<>();

	private DisposableServer owner;

	@AfterEach
	void tearDown() {
		if (this.owner != null) {
			this.owner.disposeNow();
		}
	}

	@Test
	void shouldAnswerTheRecentWindowsOfEachSizeInTheStoresOrder() {
		client(KEY).get()
			.uri("/api/login-funnel?account=main")
			.headers((headers) -> headers.setBearerAuth(KEY))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.json("""
					{"account":"main","grace":"PT1M","windows":[
					 {"windowSize":"1m","windowStart":"2026-11-24T09:00:00Z","windowEnd":"2026-11-24T09:01:00Z",
					  "started":3,"scanned":1,"succeeded":1,"succeededNewFollowers":1,"succeededExistingFollowers":0,
					  "expired":0,"rejected":0,
					  "timeToScan":{"count":1,"p50Millis":7000,"p90Millis":7000,"p99Millis":7000,"maxMillis":7000}},
					 {"windowSize":"1m","windowStart":"2026-11-24T08:59:00Z","windowEnd":"2026-11-24T09:00:00Z",
					  "started":2,"scanned":0,"succeeded":0,"expired":0,"rejected":0,
					  "timeToScan":{"count":0,"p50Millis":null,"maxMillis":null}},
					 {"windowSize":"1h","windowStart":"2026-11-24T09:00:00Z","windowEnd":"2026-11-24T10:00:00Z",
					  "started":3}]}
					""")
			.jsonPath("$.windows[*].windowStart")
			.isEqualTo(List.of("2026-11-24T09:00:00Z", "2026-11-24T08:59:00Z", "2026-11-24T09:00:00Z"));
	}

	@Test
	void shouldAnswerOneWindowSizeWhenAskedFor() {
		client(KEY).get()
			.uri("/api/login-funnel?account=main&window=1h")
			.headers((headers) -> headers.setBearerAuth(KEY))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.windows.length()")
			.isEqualTo(1)
			.jsonPath("$.windows[0].windowSize")
			.isEqualTo("1h");
	}

	@Test
	void shouldPassARequestOnToTheInstanceThatOwnsTheAccountWithItsKey() {
		startOwner();
		client(KEY).get()
			.uri("/api/login-funnel?account=remote&window=1m")
			.headers((headers) -> headers.setBearerAuth(KEY))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"account\":\"remote\",\"grace\":\"PT1M\",\"windows\":[]}", true);
		HttpHeaders headers = this.passedOn.poll();
		assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + KEY);
		assertThat(headers.getFirst(OwnerProxy.FORWARDED)).isNotNull();
	}

	@Test
	void shouldAnswerUnavailableRatherThanPassARequestOnTwice() {
		startOwner();
		client(KEY).get().uri("/api/login-funnel?account=remote").headers((headers) -> {
			headers.setBearerAuth(KEY);
			headers.set(OwnerProxy.FORWARDED, "1");
		})
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unavailable");
		assertThat(this.passedOn).isEmpty();
	}

	@Test
	void shouldRefuseWithoutTheKeyAndBeOffWithoutOne() {
		error(client(KEY).get().uri("/api/login-funnel?account=main").exchange(), HttpStatus.UNAUTHORIZED,
				"unauthorized");
		error(client(KEY).get()
			.uri("/api/login-funnel?account=main")
			.headers((headers) -> headers.setBearerAuth(KEY + "x"))
			.exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
		error(client(null).get()
			.uri("/api/login-funnel?account=main")
			.headers((headers) -> headers.setBearerAuth(KEY))
			.exchange(), HttpStatus.NOT_FOUND, "not_found");
	}

	@Test
	void shouldNameWhatIsWrongWithARequest() {
		error(get(""), HttpStatus.BAD_REQUEST, "bad_request");
		error(get("?account="), HttpStatus.BAD_REQUEST, "bad_request");
		error(get("?account=nobody"), HttpStatus.NOT_FOUND, "unknown_account");
		error(get("?account=main&window=5m"), HttpStatus.BAD_REQUEST, "unknown_window");
		error(get("?account=rebalancing"), HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
		client(KEY).post()
			.uri("/api/login-funnel?account=main")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("method_not_allowed");
	}

	private WebTestClient.ResponseSpec get(String query) {
		return client(KEY).get()
			.uri("/api/login-funnel" + query)
			.headers((headers) -> headers.setBearerAuth(KEY))
			.exchange();
	}

	private static void error(WebTestClient.ResponseSpec answer, HttpStatus status, String error) {
		answer.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo(error)
			.jsonPath("$.message")
			.isNotEmpty();
	}

	private void startOwner() {
		this.owner = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			HttpHeaders headers = new HttpHeaders();
			request.requestHeaders().forEach((entry) -> headers.add(entry.getKey(), entry.getValue()));
			this.passedOn.add(headers);
			return response.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.sendString(Mono.just("{\"account\":\"remote\",\"grace\":\"PT1M\",\"windows\":[]}"));
		}).bindNow();
	}

	private WebTestClient client(String key) {
		HostInfo remote = (this.owner != null) ? new HostInfo("127.0.0.1", this.owner.port())
				: new HostInfo("127.0.0.1", 1);
		FunnelHandler handler = new FunnelHandler(new FakeFunnelStore(remote),
				new OwnerProxy(OwnerProxy.webClient(WebClient.builder(), LoginProperties.Forward.defaults()),
						new ClientAddresses(null, null)),
				Set.of("main", "remote", "rebalancing"), Clock.fixed(NOW, ZoneOffset.UTC));
		HttpHandler http = WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(FunnelRoutes.of(handler, key)))
			.build();
		return WebTestClient.bindToServer(new org.springframework.test.web.reactive.server.HttpHandlerConnector(http))
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private static LoginFunnel window(String size, String start, long started, long succeeded, long timeToScan) {
		LoginFunnel funnel = FunnelRecords.empty();
		for (int i = 0; i < started; i++) {
			funnel = FunnelRecords.add(new FunnelStep(FunnelStep.Kind.STARTED, -1), funnel);
		}
		for (int i = 0; i < succeeded; i++) {
			funnel = FunnelRecords.add(new FunnelStep(FunnelStep.Kind.SUCCEEDED_NEW_FOLLOWER, timeToScan), funnel);
		}
		Duration window = SETTINGS.window(size);
		Instant from = Instant.parse(start);
		return FunnelRecords.complete("main", size, from.toEpochMilli(), from.plus(window).toEpochMilli(), funnel);
	}

	/**
	 * Owns {@code main} (two minutes and one hour of windows), {@code remote} is owned by
	 * the fake owner, {@code rebalancing} cannot be located.
	 */
	private static final class FakeFunnelStore extends FunnelStore {

		private final HostInfo remote;

		FakeFunnelStore(HostInfo remote) {
			super(null, new HostInfo("localhost", 1), SETTINGS);
			this.remote = remote;
		}

		@Override
		HostInfo remoteOwnerOf(String account) {
			return switch (account) {
				case "remote" -> this.remote;
				case "rebalancing" -> throw new StatusStore.UnavailableException("rebalancing");
				default -> null;
			};
		}

		@Override
		List<LoginFunnel> windows(String account, Duration window, Instant now) {
			assertThat(now).isEqualTo(NOW);
			if (window.equals(Duration.ofMinutes(1))) {
				return List.of(window("1m", "2026-11-24T09:00:00Z", 3, 1, 7_000),
						window("1m", "2026-11-24T08:59:00Z", 2, 0, 0));
			}
			return List.of(window("1h", "2026-11-24T09:00:00Z", 3, 1, 7_000));
		}

	}

}
