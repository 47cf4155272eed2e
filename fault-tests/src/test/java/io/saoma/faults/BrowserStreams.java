package io.saoma.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Browsers following their logins over Server-Sent Events ({@code GET
 * /api/qr-logins/{id}/events}) like {@code EventSource} behind a load balancer: when a
 * stream ends or breaks before the login is decided, the browser reconnects after a
 * second, to the next instance in turn. Keeps each login's first decided (non-PENDING)
 * status.
 */
final class BrowserStreams implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

	private static final int MAX_RECONNECTS = 300;

	private final WebClient http = WebClients.withPool("browsers", 4096);

	private final List<String> apis;

	private final Map<String, Map<String, Object>> finals = new ConcurrentHashMap<>();

	private final Set<String> attached = ConcurrentHashMap.newKeySet();

	private final AtomicInteger reconnects = new AtomicInteger();

	private final Disposable.Composite streams = Disposables.composite();

	/**
	 * @param apis the instances' base URLs
	 */
	BrowserStreams(List<String> apis) {
		this.apis = apis;
	}

	/**
	 * Opens a browser's stream for a login.
	 * @param loginId the login
	 * @param first the index of the instance it connects to first
	 */
	void follow(String loginId, int first) {
		AtomicInteger connection = new AtomicInteger();
		Flux<Map<String, Object>> decided = Flux.defer(() -> {
			int attempt = connection.getAndIncrement();
			if (attempt > 0) {
				this.reconnects.incrementAndGet();
			}
			String api = this.apis.get((first + attempt) % this.apis.size());
			return this.http.get()
				.uri(api + "/api/qr-logins/" + loginId + "/events")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(EVENTS);
		})
			.filter((event) -> "status".equals(event.event()) && event.data() != null)
			.map(ServerSentEvent::data)
			.doOnNext((status) -> this.attached.add(loginId))
			.filter((status) -> !"PENDING".equals(status.get("status")));
		this.streams.add(decided.next()
			.repeatWhenEmpty(MAX_RECONNECTS, (ended) -> ended.delayElements(RECONNECT_DELAY))
			.retryWhen(Retry.fixedDelay(MAX_RECONNECTS, RECONNECT_DELAY))
			.subscribe((status) -> this.finals.put(loginId, status), (ex) -> {
			}));
	}

	/**
	 * @return each login's decided status, as far as its browser received one
	 */
	Map<String, Map<String, Object>> finals() {
		return Map.copyOf(this.finals);
	}

	/**
	 * @return how many browsers received a first status (their stream is open)
	 */
	int attached() {
		return this.attached.size();
	}

	/**
	 * @return how often browsers reconnected
	 */
	int reconnects() {
		return this.reconnects.get();
	}

	@Override
	public void close() {
		this.streams.dispose();
	}

}
