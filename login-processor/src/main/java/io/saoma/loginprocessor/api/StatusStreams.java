package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.saoma.schemas.login.LoginStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Reads a login's status on its owner, as a value or as a Server-Sent Event stream: the current status, then every
 * change, ending with the first final one (SUCCEEDED, EXPIRED or REJECTED). Changes are watched before the store is
 * read, so none is lost in between, and a login that is not known yet (its status appears a moment after it was
 * created) is waited for briefly. Comments keep idle streams open through proxies. A stream ends at the latest
 * {@link #EXPIRY_MARGIN} after its ticket expired, decided or not.
 */
public class StatusStreams {

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	/**
	 * How long a stream stays open after its ticket expired: the topology decides EXPIRED within about a second, so
	 * this only ends a stream whose decision never comes.
	 */
	static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

	private final StatusStore store;

	private final StatusUpdates updates;

	private final Duration waitForUnknown;

	private final Clock clock;

	private final Duration expiryMargin;

	public StatusStreams(StatusStore store, StatusUpdates updates, Duration waitForUnknown, Clock clock) {
		this(store, updates, waitForUnknown, clock, EXPIRY_MARGIN);
	}

	StatusStreams(StatusStore store, StatusUpdates updates, Duration waitForUnknown, Clock clock,
			Duration expiryMargin) {
		this.store = store;
		this.updates = updates;
		this.waitForUnknown = waitForUnknown;
		this.clock = clock;
		this.expiryMargin = expiryMargin;
	}

	/**
	 * A login's current status.
	 * @param loginId the login
	 * @return the status, or empty if the login stays unknown
	 * @throws StatusStore.UnavailableException if the store cannot be read now
	 */
	public Mono<LoginStatus> current(String loginId) {
		Watch watch = watch(loginId);
		return watch.first().doFinally((signal) -> watch.stop());
	}

	/**
	 * Opens the event stream of one login.
	 * @param loginId the login
	 * @return the events, or empty if the login stays unknown
	 * @throws StatusStore.UnavailableException if the store cannot be read now
	 */
	public Mono<Flux<ServerSentEvent<?>>> open(String loginId) {
		Watch watch = watch(loginId);
		return watch.first()
			.map((initial) -> events(initial, watch))
			.switchIfEmpty(Mono.fromRunnable(watch::stop));
	}

	private Watch watch(String loginId) {
		AtomicReference<Disposable> connection = new AtomicReference<>();
		Flux<LoginStatus> changes = this.updates.of(loginId).replay(16).autoConnect(0, connection::set);
		try {
			return new Watch(this.store.get(loginId), changes, connection.get(), this.waitForUnknown);
		}
		catch (RuntimeException ex) {
			connection.get().dispose();
			throw ex;
		}
	}

	private Flux<ServerSentEvent<?>> events(LoginStatus initial, Watch watch) {
		AtomicLong sent = new AtomicLong(Long.MIN_VALUE);
		Duration lifetime = Duration.between(this.clock.instant(), initial.getExpiresAt()).plus(this.expiryMargin);
		Flux<ServerSentEvent<?>> statuses = Flux.concat(Mono.just(initial), watch.changes())
			.filter((status) -> status.getUpdatedAt().toEpochMilli() >= sent.get())
			.doOnNext((status) -> sent.set(status.getUpdatedAt().toEpochMilli()))
			.takeUntil(StatusView::isFinal)
			.take(lifetime.isNegative() ? this.expiryMargin : lifetime)
			.<ServerSentEvent<?>>map((status) -> ServerSentEvent.builder(StatusView.of(status))
				.event("status")
				.id(Long.toString(status.getUpdatedAt().toEpochMilli()))
				.build())
			.doFinally((signal) -> watch.stop())
			.share();
		Flux<ServerSentEvent<?>> heartbeats = Flux.interval(HEARTBEAT)
			.<ServerSentEvent<?>>map((tick) -> ServerSentEvent.builder().comment("keep-alive").build())
			.takeUntilOther(statuses.ignoreElements());
		return Flux.merge(statuses, heartbeats);
	}

	/**
	 * The changes of one login being watched, and its status when the watch began.
	 */
	private record Watch(LoginStatus current, Flux<LoginStatus> changes, Disposable connection, Duration patience) {

		Mono<LoginStatus> first() {
			return (this.current != null) ? Mono.just(this.current)
					: this.changes.next().timeout(this.patience, Mono.empty());
		}

		void stop() {
			this.connection.dispose();
		}

	}

}
