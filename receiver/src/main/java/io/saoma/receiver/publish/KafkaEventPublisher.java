package io.saoma.receiver.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes to {@link Topics#WECHAT_EVENTS} with key {@code <appid>:<openid>} through a {@link KafkaTemplate}
 * ({@code acks=all}, idempotent producer) and completes only when the broker has acknowledged the write.
 */
public class KafkaEventPublisher implements EventPublisher {

	private final KafkaTemplate<String, WechatEvent> template;

	private final Duration timeout;

	private final Executor sendExecutor;

	/**
	 * Creates a publisher.
	 * @param template the template (value serializer: Avro single-object encoding)
	 * @param timeout the acknowledgement deadline
	 * @param sendExecutor where {@code send} runs: it can block while the producer waits for metadata or buffer
	 * space (up to {@code max.block.ms}), which must never happen on an event loop
	 */
	public KafkaEventPublisher(KafkaTemplate<String, WechatEvent> template, Duration timeout, Executor sendExecutor) {
		this.template = template;
		this.timeout = timeout;
		this.sendExecutor = sendExecutor;
	}

	@Override
	public Mono<Void> publish(WechatEvent event) {
		String key = EventKeys.of(event.getAppId(), event.getFromUserName());
		// A timed-out send is not cancelled: the producer keeps retrying it (the record may still land, and WeChat's
		// retry is de-duplicated downstream), and interrupting a blocked send() would only produce noise.
		return Mono.defer(() -> Mono.fromFuture(CompletableFuture
			.supplyAsync(() -> this.template.send(Topics.WECHAT_EVENTS, key, event), this.sendExecutor)
			.thenCompose(Function.identity()), true))
			.timeout(this.timeout)
			.onErrorMap(KafkaEventPublisher::toRejection)
			.then();
	}

	private static Throwable toRejection(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				return new PushRejectedException(Outcome.BROKER_TIMEOUT, "the broker did not acknowledge the write in time");
			}
		}
		return new PushRejectedException(Outcome.BROKER_ERROR, "the broker refused the write: " + rootMessage(error));
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

}
