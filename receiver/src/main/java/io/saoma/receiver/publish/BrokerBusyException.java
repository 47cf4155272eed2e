package io.saoma.receiver.publish;

/**
 * A push was not published because as many writes as
 * {@code wechat.receiver.max-pending-sends} allows are already waiting for the broker
 * (typically during an outage): nothing was handed to the producer, it can never land.
 * The endpoint answers 503 {@code broker_busy} at once, so WeChat retries.
 */
public class BrokerBusyException extends RuntimeException {

	public BrokerBusyException(String message) {
		super(message, null, false, false);
	}

}
