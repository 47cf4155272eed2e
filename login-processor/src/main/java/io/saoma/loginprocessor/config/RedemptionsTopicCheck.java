package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link RedemptionsTopic#ensure} just before Kafka Streams starts (in the phase
 * before it), so that every configuration error is reported first and the topology never
 * starts without its request topic.
 */
public class RedemptionsTopicCheck implements SmartLifecycle {

	private final Map<String, Object> adminConfig;

	private final Duration timeout;

	private final int phase;

	private volatile RedemptionsTopic topic;

	/**
	 * Creates the check.
	 * @param adminConfig how to reach the cluster
	 * @param timeout how long to wait for it
	 * @param streamsPhase the phase Kafka Streams starts in
	 */
	public RedemptionsTopicCheck(Map<String, Object> adminConfig, Duration timeout, int streamsPhase) {
		this.adminConfig = adminConfig;
		this.timeout = timeout;
		this.phase = streamsPhase - 1;
	}

	@Override
	public void start() {
		try (Admin admin = Admin.create(this.adminConfig)) {
			this.topic = RedemptionsTopic.ensure(admin, this.timeout);
		}
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
