package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Several relays in flight; those of one record key one after the other (see
 * RelayListener in the patch).
 */
public class RelayLanes {

	private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

	private final Semaphore slots;

	private final Object idle = new Object();

	private final int capacity;

	private final Duration slotTimeout;

	public RelayLanes(int inFlight, Duration slotTimeout) {
		this.slots = new Semaphore(inFlight);
		this.capacity = inFlight;
		this.slotTimeout = slotTimeout;
	}

	/**
	 * Starts a relay now, or once the relay handed in before it with the same key ended.
	 * @param key the record key ({@code null}: no order to keep)
	 * @param relay starts the relay; called on this thread or on the thread that ended
	 * the key's previous relay, so it must not block
	 * @return completes when the relay ended, with its failure unwrapped
	 */
	public CompletableFuture<Void> submit(String key, Supplier<CompletableFuture<?>> relay) {
		try {
			if (!this.slots.tryAcquire(this.slotTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return CompletableFuture.failedFuture(new RelayFailure.Retryable("no relay slot free within "
						+ this.slotTimeout + " (forwarder.relay.in-flight " + this.capacity + " all taken)"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CompletableFuture.failedFuture(new RelayFailure.Retryable("interrupted waiting for a relay slot"));
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		done.whenComplete((ignored, ex) -> {
			this.slots.release();
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
			if (key != null) {
				this.tails.remove(key, done);
			}
		});
		CompletableFuture<Void> before = (key != null) ? this.tails.put(key, done) : null;
		if (before == null) {
			start(relay, done);
		}
		else {
			before.whenComplete((ignored, ex) -> start(relay, done));
		}
		return done;
	}

	/**
	 * Waits until no relay is in flight, at most for a while: a consumer giving up its
	 * partitions lets its relays end first, so that their offsets are committed and the
	 * next owner does not relay them again.
	 * @param max the longest wait
	 * @return whether no relay is in flight
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitIdle(Duration max) throws InterruptedException {
		long deadline = System.nanoTime() + max.toNanos();
		synchronized (this.idle) {
			while (inFlight() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, left);
			}
			return true;
		}
	}

	/**
	 * How many relays are in flight or waiting behind one of their key.
	 * @return the number
	 */
	public int inFlight() {
		return this.capacity - this.slots.availablePermits();
	}

	private static void start(Supplier<CompletableFuture<?>> relay, CompletableFuture<Void> done) {
		try {
			relay.get().whenComplete((ignored, ex) -> end(done, ex));
		}
		catch (RuntimeException ex) {
			end(done, ex);
		}
	}

	private static void end(CompletableFuture<Void> done, Throwable ex) {
		if (ex == null) {
			done.complete(null);
		}
		else {
			done.completeExceptionally(
					(ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

}
