package io.saoma.loginprocessor.api;

import java.util.List;

import io.saoma.schemas.login.LoginFunnel;

/**
 * The answer of {@code GET /api/login-funnel}: an account's recent windows of each size,
 * newest first.
 *
 * @param account the account
 * @param grace how long a window still counts late steps after its end (ISO-8601)
 * @param windows the windows; one is final once its end plus the grace has passed
 */
record FunnelView(String account, String grace, List<Window> windows) {

	/**
	 * One window of one size, as published to {@code wechat.login-funnel}.
	 *
	 * @param windowSize e.g. {@code 1m}
	 * @param windowStart ISO-8601, inclusive
	 * @param windowEnd ISO-8601, exclusive
	 * @param started logins started
	 * @param scanned scans decided: succeeded + rejected
	 * @param succeeded logins that succeeded
	 * @param succeededNewFollowers of which by users who followed with the scan
	 * @param succeededExistingFollowers of which by users who already followed
	 * @param expired logins that expired
	 * @param rejected scans refused
	 * @param timeToScan the time from start to scan of the succeeded logins
	 */
	record Window(String windowSize, String windowStart, String windowEnd, long started, long scanned, long succeeded,
			long succeededNewFollowers, long succeededExistingFollowers, long expired, long rejected,
			TimeToScan timeToScan) {

		static Window of(LoginFunnel funnel) {
			return new Window(funnel.getWindowSize(), funnel.getWindowStart().toString(),
					funnel.getWindowEnd().toString(), funnel.getStarted(), funnel.getScanned(), funnel.getSucceeded(),
					funnel.getSucceededNewFollowers(), funnel.getSucceededExistingFollowers(), funnel.getExpired(),
					funnel.getRejected(),
					new TimeToScan(funnel.getTimeToScanCount(), funnel.getTimeToScanP50Millis(),
							funnel.getTimeToScanP90Millis(), funnel.getTimeToScanP99Millis(),
							funnel.getTimeToScanMaxMillis()));
		}

	}

	/**
	 * Times to scan in milliseconds; the percentiles are exact to their histogram bucket
	 * ({@code FunnelHistogram}), {@code null} without scans.
	 *
	 * @param count how many were measured
	 * @param p50Millis the median
	 * @param p90Millis the 90th percentile
	 * @param p99Millis the 99th percentile
	 * @param maxMillis the longest, exact
	 */
	record TimeToScan(long count, Long p50Millis, Long p90Millis, Long p99Millis, Long maxMillis) {
	}

}
