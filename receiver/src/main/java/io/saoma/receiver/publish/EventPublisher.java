package io.saoma.receiver.publish;

import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.event.WechatEvent;
import reactor.core.publisher.Mono;

/**
 * Durably publishes a verified push. It never reports success for a record that is not in
 * Kafka: a write not acknowledged within the deadline fails, so the endpoint can answer
 * 503 and WeChat retries.
 */
@FunctionalInterface
public interface EventPublisher {

	/**
	 * Publishes one event.
	 * @param event the event
	 * @return completes when the broker acknowledged the write; fails with a
	 * {@link PushRejectedException} of outcome {@link Outcome#BROKER_TIMEOUT} or
	 * {@link Outcome#BROKER_ERROR}, or with a {@link BrokerBusyException} when too many
	 * writes are already waiting for the broker
	 */
	Mono<Void> publish(WechatEvent event);

}
