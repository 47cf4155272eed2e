package io.saoma.common.streams;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code saoma.streams.health.*}: when the health of an application's Kafka Streams turns
 * DOWN because its stream threads keep failing. A failed thread is replaced and its tasks
 * resume from their last commit; one failure is a blip, a thread that fails again and
 * again (a record it cannot get past, a fault it cannot recover from) processes nothing
 * while the application still runs.
 *
 * @param maxThreadFailures how many stream thread failures within
 * {@code threadFailureWindow} are tolerated; one more turns the health DOWN
 * @param threadFailureWindow how far back failures count; the health is UP again once the
 * window holds no more than {@code maxThreadFailures}
 */
@ConfigurationProperties("saoma.streams.health")
public record StreamsHealthProperties(@DefaultValue("3") int maxThreadFailures,
		@DefaultValue("5m") Duration threadFailureWindow) {

	public StreamsHealthProperties {
		if (maxThreadFailures < 0) {
			throw new InvalidConfigurationException("saoma.streams.health.max-thread-failures", "must not be negative",
					"Use a small count such as 3: one more failure within the window turns the health DOWN.");
		}
		if (threadFailureWindow == null || threadFailureWindow.isNegative() || threadFailureWindow.isZero()) {
			throw new InvalidConfigurationException("saoma.streams.health.thread-failure-window", "must be positive",
					"Use a duration such as 5m.");
		}
	}

	/**
	 * The defaults.
	 * @return the properties when nothing is configured
	 */
	public static StreamsHealthProperties defaults() {
		return new StreamsHealthProperties(3, Duration.ofMinutes(5));
	}

}
