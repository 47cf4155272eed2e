package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.saoma.loginprocessor.config.StatusStreamProperties;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class StatusStreamsTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8081);

	private static final StatusStreamProperties FAST = new StatusStreamProperties(Duration.ofMillis(100),
			Duration.ofMillis(50), Duration.ofMillis(500));

	private final StatusUpdates updates = new StatusUpdates();

	private final List<HostInfo> asked = new ArrayList<>();

	@Test
	void shouldEndAPendingStreamOnceItsTicketExpiredEvenIfNoDecisionComes() {
		// the ticket expires now and no EXPIRED status ever comes: the stream ends after
		// the margin, not never
		OneLogin store = new OneLogin(pending(NOW));
		StatusStreams streams = new StatusStreams(store, this.updates, Duration.ofSeconds(1),
				Clock.fixed(NOW, ZoneOffset.UTC), (owner, loginId, client) -> Mono.empty(),
				StatusStreamProperties.defaults(), Duration.ofMillis(200));
		StepVerifier.create(streams.open("login-1", "client-1").flatMapMany((events) -> events))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("status"))
			.assertNext((event) -> assertThat(event.retry()).isEqualTo(Duration.ofSeconds(1)))
			.verifyComplete();
		assertNoLoginWatched();
	}

	@Test
	void shouldSendTheNewOwnersStatusAndEndOnceTheLoginMovedToAnotherInstance() {
		OneLogin store = new OneLogin(pending(NOW.plusSeconds(300)));
		StatusView succeeded = new StatusView("login-1", "SUCCEEDED", NOW.plusSeconds(300), "login-1.secret");
		StatusStreams streams = streams(store, (owner, loginId, client) -> {
			this.asked.add(owner);
			return Mono.just(succeeded);
		});
		StepVerifier
			.create(streams.open("login-1", "client-1")
				.flatMapMany((events) -> events)
				.filter((event) -> event.comment() == null || event.retry() != null))
			.assertNext((event) -> assertThat(((StatusView) event.data()).status()).isEqualTo("PENDING"))
			.then(() -> store.owner.set(OTHER))
			.assertNext((event) -> assertThat(event.data()).isEqualTo(succeeded))
			.as("decided: nothing to reconnect for")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.asked).containsExactly(OTHER);
		assertNoLoginWatched();
	}

	@Test
	void shouldEndWithoutRepeatingTheStatusWhenTheNewOwnerHasNothingNewOrDoesNotAnswer() {
		OneLogin store = new OneLogin(pending(NOW.plusSeconds(300)));
		StatusStreams same = streams(store,
				(owner, loginId, client) -> Mono.just(StatusView.of(pending(NOW.plusSeconds(300)))));
		StepVerifier
			.create(same.open("login-1", "client-1")
				.flatMapMany((events) -> events)
				.filter((event) -> event.comment() == null || event.retry() != null))
			.expectNextCount(1)
			.then(() -> store.owner.set(OTHER))
			.assertNext((event) -> assertThat(event.retry()).as("reconnect soon").isEqualTo(FAST.reconnectDelay()))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		store.owner.set(null);
		StatusStreams silent = streams(store,
				(owner, loginId, client) -> Mono.error(new IllegalStateException("connection refused")));
		StepVerifier
			.create(silent.open("login-1", "client-1")
				.flatMapMany((events) -> events)
				.filter((event) -> event.data() != null))
			.expectNextCount(1)
			.then(() -> store.owner.set(OTHER))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldEndAStreamWhoseOwnerStaysUnknownButNotOnOneUnknownCheck() {
		OneLogin store = new OneLogin(pending(NOW.plusSeconds(300)));
		store.unknownChecks = 1;
		StatusStreams streams = streams(store, (owner, loginId, client) -> Mono.empty());
		StepVerifier
			.create(streams.open("login-1", "client-1")
				.flatMapMany((events) -> events)
				.filter((event) -> event.data() != null))
			.expectNextCount(1)
			.expectNoEvent(Duration.ofMillis(300))
			.then(() -> store.unknownChecks = Integer.MAX_VALUE)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldKeepAnIdleStreamOpenWithHeartbeatsWhileThisInstanceOwnsTheLogin() {
		OneLogin store = new OneLogin(pending(NOW.plusSeconds(300)));
		StatusStreams streams = streams(store, (owner, loginId, client) -> Mono.empty());
		StepVerifier.create(streams.open("login-1", "client-1").flatMapMany((events) -> events).take(4))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("status"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("keep-alive"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("keep-alive"))
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("keep-alive"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldKeepTheDefaultMarginSmall() {
		assertThat(StatusStreams.EXPIRY_MARGIN).isLessThanOrEqualTo(Duration.ofMinutes(1));
	}

	private StatusStreams streams(StatusStore store, StatusStreams.OwnerStatuses owners) {
		return new StatusStreams(store, this.updates, Duration.ofSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC), owners,
				FAST);
	}

	/**
	 * The stream lets its watch go in {@code doFinally}, which runs on the stream's
	 * thread after the completion the verifier waited for: wait for it, do not race it.
	 */
	private void assertNoLoginWatched() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.updates.watchedCount()).isZero());
	}

	private static LoginStatus pending(Instant expiresAt) {
		return new LoginStatus("login-1", "main", "wx1", LoginState.PENDING, expiresAt, NOW, null, null, false, "scene",
				null, null, null, null);
	}

	private static final class OneLogin extends StatusStore {

		private final LoginStatus status;

		/** The owner when another instance owns the login. */
		final AtomicReference<HostInfo> owner = new AtomicReference<>();

		/** How many ownership checks in a row find the owner unknown. */
		volatile int unknownChecks;

		private int unknownSoFar;

		OneLogin(LoginStatus status) {
			super(null, new HostInfo("localhost", 1));
			this.status = status;
		}

		@Override
		public LoginStatus get(String loginId) {
			return this.status.getLoginId().equals(loginId) ? this.status : null;
		}

		@Override
		public synchronized HostInfo remoteOwnerOf(String loginId) {
			if (this.unknownSoFar < this.unknownChecks) {
				this.unknownSoFar++;
				throw new UnavailableException("rebalancing");
			}
			this.unknownSoFar = 0;
			return this.owner.get();
		}

	}

}
