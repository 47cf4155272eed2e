package io.saoma.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Kafka writes that complete only once the broker acknowledged them, for reactive code.
 * {@code send} runs on an executor because it can block (for metadata or buffer space, up
 * to {@code max.block.ms}), which must never happen on an event loop. A write that times
 * out is not cancelled: the producer keeps retrying it, so it may still land.
 * <p>
 * {@link #bounded bounded} sends also limit how many writes may be pending at once
 * (waiting for the executor, or handed to the producer and not yet acknowledged or
 * failed): beyond that, {@code send} fails at once with {@link Saturated}. And a write
 * whose caller stopped waiting (timed out or cancelled) before it was handed to the
 * producer is dropped, never sent: once handed, it may still land.
 * <p>
 * A write that fails after its caller stopped waiting has no one left to tell: it is
 * counted ({@link #failedUnwatched()}) and logged at debug level, instead of reaching
 * Reactor's dropped-error hook (an ERROR with a stack trace per write, which a starved
 * machine would print by the thousand).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class AcknowledgedSends<K, V> {

	private static final Logger logger = LoggerFactory.getLogger(AcknowledgedSends.class);

	private static final int WAITING = 0;

	private static final int HANDED = 1;

	private static final int ABANDONED = 2;

	private final KafkaTemplate<K, V> template;

	private final Duration timeout;

	private final Executor executor;

	private final int maxPending;

	private final Semaphore pending;

	private final LongAdder failedUnwatched = new LongAdder();

	/**
	 * Creates an unbounded sender: every write is eventually handed to the producer, even
	 * after its timeout.
	 * @param template the template
	 * @param timeout how long to wait for the acknowledgement
	 * @param executor where {@code send} is called
	 */
	public AcknowledgedSends(KafkaTemplate<K, V> template, Duration timeout, Executor executor) {
		this(template, timeout, executor, 0);
	}

	private AcknowledgedSends(KafkaTemplate<K, V> template, Duration timeout, Executor executor, int maxPending) {
		this.template = template;
		this.timeout = timeout;
		this.executor = executor;
		this.maxPending = maxPending;
		this.pending = (maxPending > 0) ? new Semaphore(maxPending) : null;
	}

	/**
	 * Creates a bounded sender.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param template the template
	 * @param timeout how long to wait for the acknowledgement
	 * @param executor where {@code send} is called; a {@link RejectedExecutionException}
	 * from it fails the write with {@link Saturated}
	 * @param maxPending the most writes pending at once
	 * @return the sender
	 */
	public static <K, V> AcknowledgedSends<K, V> bounded(KafkaTemplate<K, V> template, Duration timeout,
			Executor executor, int maxPending) {
		if (maxPending < 1) {
			throw new IllegalArgumentException("maxPending must be at least 1");
		}
		return new AcknowledgedSends<>(template, timeout, executor, maxPending);
	}

	/**
	 * Sends one record.
	 * @param topic the topic
	 * @param key the key
	 * @param value the value
	 * @return the result once acknowledged; fails with
	 * {@link java.util.concurrent.TimeoutException} after the timeout, with
	 * {@link Saturated} when bounded and full, or with the producer's error
	 */
	public Mono<SendResult<K, V>> send(String topic, K key, V value) {
		if (this.pending == null) {
			return Mono.defer(() -> untilAcknowledged(
					CompletableFuture.supplyAsync(() -> this.template.send(topic, key, value), this.executor)
						.thenCompose(Function.identity()),
					() -> {
					}))
				.timeout(this.timeout);
		}
		return Mono.defer(() -> boundedSend(topic, key, value)).timeout(this.timeout);
	}

	private Mono<SendResult<K, V>> boundedSend(String topic, K key, V value) {
		if (!this.pending.tryAcquire()) {
			return Mono.error(new Saturated(this.maxPending));
		}
		AtomicInteger state = new AtomicInteger(WAITING);
		CompletableFuture<SendResult<K, V>> result = new CompletableFuture<>();
		try {
			this.executor.execute(() -> {
				if (!state.compareAndSet(WAITING, HANDED)) {
					this.pending.release();
					return;
				}
				CompletableFuture<SendResult<K, V>> sent;
				try {
					sent = this.template.send(topic, key, value);
				}
				catch (RuntimeException | Error ex) {
					this.pending.release();
					result.completeExceptionally(ex);
					return;
				}
				sent.whenComplete((sendResult, error) -> {
					this.pending.release();
					if (error != null) {
						result.completeExceptionally(error);
					}
					else {
						result.complete(sendResult);
					}
				});
			});
		}
		catch (RejectedExecutionException ex) {
			this.pending.release();
			return Mono.error(new Saturated(this.maxPending));
		}
		return untilAcknowledged(result, () -> state.compareAndSet(WAITING, ABANDONED));
	}

	/**
	 * The write's outcome for a caller who may stop waiting: once it has, a failure is
	 * counted instead of reported.
	 */
	private Mono<SendResult<K, V>> untilAcknowledged(CompletableFuture<SendResult<K, V>> write, Runnable onCancel) {
		AtomicBoolean stopped = new AtomicBoolean();
		CompletableFuture<SendResult<K, V>> watched = new CompletableFuture<>();
		write.whenComplete((sendResult, error) -> {
			if (error == null) {
				watched.complete(sendResult);
			}
			else if (stopped.get()) {
				this.failedUnwatched.increment();
				logger.debug("A write failed after its caller stopped waiting (it was answered already): {}",
						error.toString());
			}
			else {
				watched.completeExceptionally(error);
			}
		});
		return Mono.fromFuture(watched, true).doOnCancel(() -> {
			stopped.set(true);
			onCancel.run();
		});
	}

	/**
	 * How many writes failed after their caller had stopped waiting (timed out or
	 * cancelled), so that no one else saw them fail.
	 * @return the count since start
	 */
	public long failedUnwatched() {
		return this.failedUnwatched.sum();
	}

	/**
	 * How many writes are pending: waiting to be handed to the producer, or handed and
	 * not yet acknowledged or failed.
	 * @return the count; always {@code 0} for an unbounded sender
	 */
	public int pending() {
		return (this.pending != null) ? this.maxPending - this.pending.availablePermits() : 0;
	}

	/**
	 * The bound.
	 * @return the most pending writes, or {@code 0} when unbounded
	 */
	public int maxPending() {
		return this.maxPending;
	}

	/**
	 * Whether a failure of {@link #send} means the broker did not answer in time.
	 * @param error the failure
	 * @return {@code true} for a client-side or producer timeout
	 */
	public static boolean isTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.util.concurrent.TimeoutException
					|| cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A bounded sender refused a write because as many as it allows are already pending:
	 * nothing was sent.
	 */
	public static final class Saturated extends RuntimeException {

		Saturated(int maxPending) {
			super(maxPending + " writes are already waiting for the broker", null, false, false);
		}

	}

}
