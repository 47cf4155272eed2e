package io.saoma.loginprocessor.config;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Runs {@link RedemptionsTopic#ensure} just before Kafka Streams starts (in the phase
 * before it), so that every configuration error is reported first and the topology never
 * starts without its request topic.
 */
public class RedemptionsTopicCheck implements SmartLifecycle {

	private final KafkaAdmin admin;

	private final int phase;

	private volatile RedemptionsTopic topic;

	/**
	 * Creates the check.
	 * @param admin the admin
	 * @param streamsPhase the phase Kafka Streams starts in
	 */
	public RedemptionsTopicCheck(KafkaAdmin admin, int streamsPhase) {
		this.admin = admin;
		this.phase = streamsPhase - 1;
	}

	@Override
	public void start() {
		this.topic = RedemptionsTopic.ensure(this.admin);
	}

	@Override
	public void stop() {
	}

	@Override
	public boolean isRunning() {
		return this.topic != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
