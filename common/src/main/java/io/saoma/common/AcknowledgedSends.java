package io.saoma.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Kafka writes that complete only once the broker acknowledged them, for reactive code. {@code send} runs on an
 * executor because it can block (for metadata or buffer space, up to {@code max.block.ms}), which must never happen
 * on an event loop. A write that times out is not cancelled: the producer keeps retrying it, so it may still land.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class AcknowledgedSends<K, V> {

	private final KafkaTemplate<K, V> template;

	private final Duration timeout;

	private final Executor executor;

	/**
	 * Creates the sender.
	 * @param template the template
	 * @param timeout how long to wait for the acknowledgement
	 * @param executor where {@code send} is called
	 */
	public AcknowledgedSends(KafkaTemplate<K, V> template, Duration timeout, Executor executor) {
		this.template = template;
		this.timeout = timeout;
		this.executor = executor;
	}

	/**
	 * Sends one record.
	 * @param topic the topic
	 * @param key the key
	 * @param value the value
	 * @return the result once acknowledged; fails with {@link java.util.concurrent.TimeoutException} after the
	 * timeout, or with the producer's error
	 */
	public Mono<SendResult<K, V>> send(String topic, K key, V value) {
		return Mono.defer(() -> Mono.fromFuture(CompletableFuture
			.supplyAsync(() -> this.template.send(topic, key, value), this.executor)
			.thenCompose(Function.identity()), true))
			.timeout(this.timeout);
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

}
