package io.saoma.loginprocessor.topology;

import java.time.Duration;

/**
 * What the login topology needs to know, independent of Spring.
 *
 * @param ticketPartitions partitions of {@code wechat.qr-tickets}; scans are re-keyed by ticket onto as many
 * partitions so that a scan meets its ticket in the same task
 * @param dedupRetention how long a scan is remembered to drop WeChat's retries of it
 * @param scanGrace how long a scan that arrives before its ticket is held
 * @param statusRetention how long a decided login's status stays queryable (and its code redeemable)
 * @param expiryCheckInterval how often due tickets, held scans and remembered scans are swept (wall-clock)
 */
public record LoginTopologySettings(int ticketPartitions, Duration dedupRetention, Duration scanGrace,
		Duration statusRetention, Duration expiryCheckInterval) {

	public LoginTopologySettings {
		if (ticketPartitions < 1) {
			throw new IllegalArgumentException("ticketPartitions must be at least 1");
		}
		requirePositive(dedupRetention, "dedupRetention");
		requirePositive(scanGrace, "scanGrace");
		requirePositive(statusRetention, "statusRetention");
		requirePositive(expiryCheckInterval, "expiryCheckInterval");
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
