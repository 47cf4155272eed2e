package io.saoma.receiver.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * At most {@code limit} pushes between arrival and answer. A push's permit is given back
 * when its answer is decided, <em>before</em> the answer is handed on to be written: the
 * client cannot have its answer, and send its next push on the same connection, while the
 * permit is still held. (Giving it back in {@code doFinally} did so only after the answer
 * had been handed on, so with as many connections as permits a push was sometimes
 * answered 503 {@code overloaded} although each connection had at most one push
 * outstanding.)
 */
final class InFlightLimit {

	private final Semaphore permits;

	private final int limit;

	InFlightLimit(int limit) {
		this.permits = new Semaphore(limit);
		this.limit = limit;
	}

	/**
	 * Runs {@code answer} under a permit, or answers {@code refused} at once if none is
	 * free.
	 * @param <T> the answer's type
	 * @param answer the push's answer, subscribed once a permit is held
	 * @param refused the answer when all permits are held
	 * @return the answer; its permit is given back on its value, error or cancellation,
	 * once, before the value or error is passed downstream
	 */
	<T> Mono<T> guard(Mono<T> answer, Mono<T> refused) {
		return Mono.defer(() -> {
			if (!this.permits.tryAcquire()) {
				return refused;
			}
			AtomicBoolean held = new AtomicBoolean(true);
			Runnable release = () -> {
				if (held.getAndSet(false)) {
					this.permits.release();
				}
			};
			return answer.doOnEach((signal) -> release.run()).doFinally((signal) -> release.run());
		});
	}

	/**
	 * How many permits are held now.
	 * @return at most the limit
	 */
	int inFlight() {
		return this.limit - this.permits.availablePermits();
	}

	int limit() {
		return this.limit;
	}

}
