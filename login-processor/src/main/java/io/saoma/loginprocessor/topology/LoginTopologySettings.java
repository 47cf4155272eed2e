package io.saoma.loginprocessor.topology;

import java.time.Duration;

/**
 * What the login topology needs to know, independent of Spring.
 *
 * @param ticketPartitions partitions of {@code wechat.qr-tickets}; scans are re-keyed by
 * ticket onto as many partitions so that a scan meets its ticket in the same task
 * @param dedupRetention how long a scan is remembered to drop WeChat's retries of it
 * @param scanGrace how long a scan that arrives before its ticket is held
 * @param statusRetention how long a decided login's status stays queryable (and its code
 * redeemable)
 * @param expiryCheckInterval how often due tickets, held scans and remembered scans are
 * swept (wall-clock)
 * @param scanClockSkew how far WeChat's clock (a scan's CreateTime) may be behind or
 * ahead of this one: a scan whose CreateTime is at most {@code expiresAt + scanClockSkew}
 * was made in time
 * @param expiryGrace how long after {@code expiresAt + scanClockSkew} a pending ticket
 * waits for a scan that was made in time but is still on its way (lag, failover) before
 * it expires
 * @param maxExpiriesPerSweep the most due entries one sweep handles; the rest wait for
 * the next sweep, so one sweep's transaction stays small after an outage
 */
public record LoginTopologySettings(int ticketPartitions, Duration dedupRetention, Duration scanGrace,
		Duration statusRetention, Duration expiryCheckInterval, Duration scanClockSkew, Duration expiryGrace,
		int maxExpiriesPerSweep) {

	/** The scan clock skew when none is configured. */
	public static final Duration DEFAULT_SCAN_CLOCK_SKEW = Duration.ofSeconds(5);

	/** The expiry grace when none is configured. */
	public static final Duration DEFAULT_EXPIRY_GRACE = Duration.ofSeconds(15);

	/** The bound of one sweep when none is configured. */
	public static final int DEFAULT_MAX_EXPIRIES_PER_SWEEP = 1000;

	public LoginTopologySettings {
		if (ticketPartitions < 1) {
			throw new IllegalArgumentException("ticketPartitions must be at least 1");
		}
		requirePositive(dedupRetention, "dedupRetention");
		requirePositive(scanGrace, "scanGrace");
		requirePositive(statusRetention, "statusRetention");
		requirePositive(expiryCheckInterval, "expiryCheckInterval");
		if (scanClockSkew == null || scanClockSkew.isNegative()) {
			throw new IllegalArgumentException("scanClockSkew must not be negative");
		}
		if (expiryGrace == null || expiryGrace.isNegative()) {
			throw new IllegalArgumentException("expiryGrace must not be negative");
		}
		if (maxExpiriesPerSweep < 1) {
			throw new IllegalArgumentException("maxExpiriesPerSweep must be at least 1");
		}
	}

	/**
	 * The settings with the defaults of the expiry's skew, grace and sweep bound.
	 * @param ticketPartitions partitions of {@code wechat.qr-tickets}
	 * @param dedupRetention how long a scan is remembered
	 * @param scanGrace how long an early scan is held
	 * @param statusRetention how long a decided status stays
	 * @param expiryCheckInterval how often the sweep runs
	 * @return the settings
	 */
	public static LoginTopologySettings of(int ticketPartitions, Duration dedupRetention, Duration scanGrace,
			Duration statusRetention, Duration expiryCheckInterval) {
		return new LoginTopologySettings(ticketPartitions, dedupRetention, scanGrace, statusRetention,
				expiryCheckInterval, DEFAULT_SCAN_CLOCK_SKEW, DEFAULT_EXPIRY_GRACE, DEFAULT_MAX_EXPIRIES_PER_SWEEP);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
