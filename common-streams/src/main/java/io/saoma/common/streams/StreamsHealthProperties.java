package io.saoma.common.streams;

import java.time.Duration;

import io.saoma.common.config.PositiveDuration;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("saoma.streams.health")
public record StreamsHealthProperties(
		@DefaultValue("3") @Min(value = 0, message = "must not be negative") int maxThreadFailures,
		@DefaultValue("5m") @PositiveDuration Duration threadFailureWindow) {

	/**
	 * The defaults.
	 * @return the properties when nothing is configured
	 */
	public static StreamsHealthProperties defaults() {
		return new StreamsHealthProperties(3, Duration.ofMinutes(5));
	}

}
