package io.saoma.localstack.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Authing's connection events endpoint
 * ({@code /connections/social/<identifier>/<userPoolId>/events}): accepts every relay and
 * remembers the last ones, so a person can see what Authing would receive.
 */
public class FakeAuthing {

	private static final int KEPT = 20;

	private final Deque<Relayed> recent = new ConcurrentLinkedDeque<>();

	private final AtomicLong count = new AtomicLong();

	private final Clock clock;

	public FakeAuthing(Clock clock) {
		this.clock = clock;
	}

	/** {@code POST .../events}. */
	public Mono<ServerResponse> receive(ServerRequest request) {
		return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			this.count.incrementAndGet();
			this.recent.addFirst(new Relayed(this.clock.instant(), request.path(),
					request.headers().contentType().map(MediaType::toString).orElse(""),
					new String(body, StandardCharsets.UTF_8)));
			while (this.recent.size() > KEPT) {
				this.recent.pollLast();
			}
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"code\":200,\"message\":\"ok\"}");
		});
	}

	/**
	 * What was received lately, newest first.
	 * @return the relays and their total count
	 */
	public Received received() {
		return new Received(this.count.get(), new ArrayList<>(this.recent));
	}

	/**
	 * @param total relays received in all
	 * @param recent the latest ones
	 */
	public record Received(long total, List<Relayed> recent) {
	}

	/**
	 * @param receivedAt when
	 * @param path the connection path
	 * @param contentType the content type
	 * @param body the body
	 */
	public record Relayed(Instant receivedAt, String path, String contentType, String body) {
	}

}
