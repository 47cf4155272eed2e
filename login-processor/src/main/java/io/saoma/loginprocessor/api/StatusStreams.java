package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.saoma.loginprocessor.config.StatusStreamProperties;
import io.saoma.loginprocessor.topology.LoginCodes;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Reads a login's status on its owner, as a value or as a Server-Sent Event stream: the
 * current status, then every change, ending with the first final one (SUCCEEDED, EXPIRED
 * or REJECTED). Changes are watched before the store is read, so none is lost in between,
 * and a login that is not known yet (its status appears a moment after it was created) is
 * waited for briefly. Comments keep idle streams open through proxies. A stream ends at
 * the latest {@link #EXPIRY_MARGIN} after its ticket expired, decided or not.
 * <p>
 * Changes come from this instance's status task only, so a stream follows its login's
 * ownership: every {@code login.status-stream.owner-check-interval} it checks that this
 * instance still owns the login. Once another instance does (a rebalance), it sends the
 * latest status the new owner gives (if it answers and the status is news) and ends; the
 * browser's EventSource reconnects, to any instance, and is served by the new owner. A
 * stream whose owner stays unknown for two checks in a row (Kafka Streams is not running)
 * ends the same way.
 */
public class StatusStreams {

	private static final Logger logger = LoggerFactory.getLogger(StatusStreams.class);

	/**
	 * How long a stream stays open after its ticket expired: the topology decides EXPIRED
	 * within about a second, so this only ends a stream whose decision never comes.
	 */
	static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

	private final StatusStore store;

	private final StatusUpdates updates;

	private final Duration waitForUnknown;

	private final Clock clock;

	private final OwnerStatuses owners;

	private final StatusStreamProperties properties;

	private final Duration expiryMargin;

	public StatusStreams(StatusStore store, StatusUpdates updates, Duration waitForUnknown, Clock clock,
			OwnerStatuses owners, StatusStreamProperties properties) {
		this(store, updates, waitForUnknown, clock, owners, properties, EXPIRY_MARGIN);
	}

	StatusStreams(StatusStore store, StatusUpdates updates, Duration waitForUnknown, Clock clock, OwnerStatuses owners,
			StatusStreamProperties properties, Duration expiryMargin) {
		this.store = store;
		this.updates = updates;
		this.waitForUnknown = waitForUnknown;
		this.clock = clock;
		this.owners = owners;
		this.properties = properties;
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
	 * @param client the client it is for, named when the stream asks a new owner for the
	 * status
	 * @return the events, or empty if the login stays unknown
	 * @throws StatusStore.UnavailableException if the store cannot be read now
	 */
	public Mono<Flux<ServerSentEvent<?>>> open(String loginId, String client) {
		Watch watch = watch(loginId);
		return watch.first()
			.map((initial) -> events(loginId, client, initial, watch))
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

	private Flux<ServerSentEvent<?>> events(String loginId, String client, LoginStatus initial, Watch watch) {
		AtomicLong sent = new AtomicLong(Long.MIN_VALUE);
		AtomicReference<StatusView> lastSent = new AtomicReference<>();
		AtomicReference<HostInfo> newOwner = new AtomicReference<>();
		Duration lifetime = Duration.between(this.clock.instant(), initial.getExpiresAt()).plus(this.expiryMargin);
		Flux<ServerSentEvent<?>> statuses = Flux.concat(Mono.just(initial), watch.changes())
			.filter((status) -> status.getUpdatedAt().toEpochMilli() >= sent.get())
			.doOnNext((status) -> sent.set(status.getUpdatedAt().toEpochMilli()))
			.takeUntil(StatusView::isFinal)
			.takeUntilOther(ownershipLost(loginId, newOwner))
			.map((status) -> event(StatusView.of(status), Long.toString(status.getUpdatedAt().toEpochMilli())))
			.concatWith(Mono.defer(() -> handover(loginId, client, newOwner.get())))
			.filter((event) -> !((StatusView) event.data()).equals(lastSent.getAndSet((StatusView) event.data())))
			.take(lifetime.isNegative() ? this.expiryMargin : lifetime)
			.<ServerSentEvent<?>>map((event) -> event)
			.concatWith(Mono.fromSupplier(() -> (lastSent.get() != null && !"PENDING".equals(lastSent.get().status()))
					? null : reconnectLater("not decided here; reconnect")))
			.doFinally((signal) -> watch.stop())
			.share();
		Flux<ServerSentEvent<?>> heartbeats = Flux.interval(this.properties.heartbeat())
			.<ServerSentEvent<?>>map((tick) -> ServerSentEvent.builder().comment("keep-alive").build())
			.takeUntilOther(statuses.ignoreElements());
		return Flux.merge(statuses, heartbeats);
	}

	/**
	 * Completes once this instance no longer owns the login, naming the new owner (or
	 * none, if it stays unknown).
	 */
	private Mono<Long> ownershipLost(String loginId, AtomicReference<HostInfo> newOwner) {
		AtomicInteger unknown = new AtomicInteger();
		return Flux.interval(this.properties.ownerCheckInterval()).filter((tick) -> {
			try {
				HostInfo owner = this.store.remoteOwnerOf(loginId);
				unknown.set(0);
				newOwner.set(owner);
				return owner != null;
			}
			catch (StatusStore.UnavailableException ex) {
				return unknown.incrementAndGet() >= 2;
			}
		})
			.next()
			.doOnNext((tick) -> logger.info("Login {} moved to {}; ending its status stream here",
					LoginCodes.redact(loginId), (newOwner.get() != null) ? newOwner.get() : "an unknown instance"));
	}

	private Mono<ServerSentEvent<StatusView>> handover(String loginId, String client, HostInfo owner) {
		if (owner == null) {
			return Mono.empty();
		}
		return this.owners.statusOf(owner, loginId, client).map((view) -> event(view, null)).onErrorResume((ex) -> {
			logger.info("The new owner {} of login {} did not give its status ({}); the browser will ask again", owner,
					LoginCodes.redact(loginId), ex.toString());
			return Mono.empty();
		});
	}

	/**
	 * The last event of a stream that ends before its login is decided: how soon
	 * EventSource should reconnect.
	 * @param reason a comment for whoever reads the stream
	 * @return the event
	 */
	ServerSentEvent<?> reconnectLater(String reason) {
		return ServerSentEvent.builder().comment(reason).retry(this.properties.reconnectDelay()).build();
	}

	private static ServerSentEvent<StatusView> event(StatusView view, String id) {
		ServerSentEvent.Builder<StatusView> event = ServerSentEvent.builder(view).event("status");
		return ((id != null) ? event.id(id) : event).build();
	}

	/**
	 * Where a stream that lost its login asks for the latest status.
	 */
	@FunctionalInterface
	public interface OwnerStatuses {

		/**
		 * Asks an instance for a login's status.
		 * @param owner the instance
		 * @param loginId the login
		 * @param client the client the answer is for
		 * @return its answer, empty if it does not know the login, or an error if it does
		 * not answer
		 */
		Mono<StatusView> statusOf(HostInfo owner, String loginId, String client);

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
