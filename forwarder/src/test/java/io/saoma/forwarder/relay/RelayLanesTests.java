package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several relays in flight, each user's one after the other.
 */
class RelayLanesTests {

	private final List<String> started = new ArrayList<>();

	private final RelayLanes lanes = new RelayLanes(4, Duration.ofMillis(50));

	@Test
	void shouldStartAUsersNextRelayOnlyOnceTheOneBeforeItEnded() {
		CompletableFuture<Void> first = new CompletableFuture<>();
		this.lanes.submit("app:user-1", () -> start("first", first));
		CompletableFuture<Void> second = this.lanes.submit("app:user-1",
				() -> start("second", new CompletableFuture<>()));
		assertThat(this.started).containsExactly("first");
		first.complete(null);
		assertThat(this.started).containsExactly("first", "second");
		assertThat(second).isNotDone();
	}

	@Test
	void shouldRunDifferentUsersRelaysSideBySide() {
		this.lanes.submit("app:user-1", () -> start("a", new CompletableFuture<>()));
		this.lanes.submit("app:user-2", () -> start("b", new CompletableFuture<>()));
		this.lanes.submit(null, () -> start("no user", new CompletableFuture<>()));
		assertThat(this.started).containsExactly("a", "b", "no user");
		assertThat(this.lanes.inFlight()).isEqualTo(3);
	}

	@Test
	void shouldGoOnWithAUsersRelaysAfterOneFailedAndReportTheFailureUnwrapped() {
		CompletableFuture<Void> first = new CompletableFuture<>();
		CompletableFuture<Void> failed = this.lanes.submit("app:user-1", () -> start("first", first));
		CompletableFuture<Void> second = this.lanes.submit("app:user-1",
				() -> start("second", CompletableFuture.completedFuture(null)));
		RelayFailure.Rejected refusal = new RelayFailure.Rejected("answered 400");
		first.completeExceptionally(refusal);
		assertThat(failed).isCompletedExceptionally();
		assertThat(failure(failed)).isSameAs(refusal);
		assertThat(second).isCompleted();
		assertThat(this.started).containsExactly("first", "second");
		assertThat(this.lanes.inFlight()).isZero();
	}

	@Test
	void shouldReportARelayThatThrowsInsteadOfStarting() {
		RelayFailure.Expired expired = new RelayFailure.Expired("too old");
		CompletableFuture<Void> result = this.lanes.submit("app:user-1", () -> {
			throw expired;
		});
		assertThat(failure(result)).isSameAs(expired);
		assertThat(this.lanes.inFlight()).isZero();
	}

	@Test
	void shouldFailARelayAsRetryableWhenNoSlotFreesInTime() {
		RelayLanes one = new RelayLanes(1, Duration.ofMillis(20));
		one.submit("app:user-1", () -> new CompletableFuture<>());
		CompletableFuture<Void> refused = one.submit("app:user-2", () -> start("never", new CompletableFuture<>()));
		assertThat(failure(refused)).isInstanceOf(RelayFailure.Retryable.class)
			.hasMessageContaining("forwarder.relay.in-flight 1");
		assertThat(this.started).isEmpty();
	}

	@Test
	void shouldWaitForTheRelaysInFlightToEndBeforeAPartitionIsGivenUp() throws InterruptedException {
		assertThat(this.lanes.awaitIdle(Duration.ZERO)).isTrue();
		CompletableFuture<Void> relay = new CompletableFuture<>();
		this.lanes.submit("app:user-1", () -> relay);
		assertThat(this.lanes.awaitIdle(Duration.ofMillis(20))).isFalse();
		CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
			try {
				return this.lanes.awaitIdle(Duration.ofMinutes(1));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		relay.complete(null);
		assertThat(waited.join()).isTrue();
	}

	private static Throwable failure(CompletableFuture<?> done) {
		assertThat(done).isDone();
		return done.handle((result, ex) -> ex).join();
	}

	private CompletableFuture<?> start(String name, CompletableFuture<Void> relay) {
		this.started.add(name);
		return relay;
	}

}
