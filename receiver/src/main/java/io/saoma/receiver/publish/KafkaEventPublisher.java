package io.saoma.receiver.publish;

import io.saoma.common.AcknowledgedSends;
import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import reactor.core.publisher.Mono;

import org.springframework.core.NestedExceptionUtils;

/**
 * Publishes to {@link Topics#WECHAT_EVENTS} with key {@code <appid>:<openid>}
 * ({@code acks=all}, idempotent producer) and completes only when the broker has
 * acknowledged the write. A timed-out write keeps being retried by the producer, so it
 * may still land: WeChat's retry of it is de-duplicated downstream.
 */
public class KafkaEventPublisher implements EventPublisher {

	private final AcknowledgedSends<String, WechatEvent> sends;

	public KafkaEventPublisher(AcknowledgedSends<String, WechatEvent> sends) {
		this.sends = sends;
	}

	@Override
	public Mono<Void> publish(WechatEvent event) {
		String key = EventKeys.of(event.getAppId(), event.getFromUserName());
		return this.sends.send(Topics.Names.WECHAT_EVENTS, key, event)
			.onErrorMap(KafkaEventPublisher::toRejection)
			.then();
	}

	private static Throwable toRejection(Throwable error) {
		if (error instanceof AcknowledgedSends.Saturated) {
			return new BrokerBusyException(error.getMessage());
		}
		if (AcknowledgedSends.isTimeout(error)) {
			return new PushRejectedException(Outcome.BROKER_TIMEOUT,
					"the broker did not acknowledge the write in time");
		}
		Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
		return new PushRejectedException(Outcome.BROKER_ERROR,
				"the broker refused the write: " + root.getClass().getSimpleName());
	}

}
