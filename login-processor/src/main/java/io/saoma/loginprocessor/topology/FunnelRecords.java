package io.saoma.loginprocessor.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.login.LoginFunnel;

/**
 * The {@link LoginFunnel} records of the funnel: the aggregate of a window (its counts
 * and time-to-scan histogram, without account and window, which are the store's key) and
 * the published record (with them).
 */
public final class FunnelRecords {

	private FunnelRecords() {
	}

	/**
	 * A window's aggregate before its first step.
	 * @return zeros, an empty histogram
	 */
	public static LoginFunnel empty() {
		return LoginFunnel.newBuilder()
			.setAccount("")
			.setWindowSize("")
			.setWindowStart(Instant.EPOCH)
			.setWindowEnd(Instant.EPOCH)
			.setStarted(0)
			.setScanned(0)
			.setSucceeded(0)
			.setSucceededNewFollowers(0)
			.setSucceededExistingFollowers(0)
			.setExpired(0)
			.setRejected(0)
			.setTimeToScanCount(0)
			.setTimeToScanBuckets(FunnelHistogram.empty())
			.setTimeToScanBucketBoundsMillis(FunnelHistogram.BOUNDS_MILLIS)
			.build();
	}

	/**
	 * Counts one step.
	 * @param step the step
	 * @param funnel the aggregate so far
	 * @return the new aggregate (a copy)
	 */
	public static LoginFunnel add(FunnelStep step, LoginFunnel funnel) {
		LoginFunnel.Builder next = LoginFunnel.newBuilder(funnel);
		switch (step.kind()) {
			case STARTED -> next.setStarted(funnel.getStarted() + 1);
			case SUCCEEDED_NEW_FOLLOWER, SUCCEEDED_EXISTING_FOLLOWER -> {
				next.setScanned(funnel.getScanned() + 1).setSucceeded(funnel.getSucceeded() + 1);
				if (step.kind() == FunnelStep.Kind.SUCCEEDED_NEW_FOLLOWER) {
					next.setSucceededNewFollowers(funnel.getSucceededNewFollowers() + 1);
				}
				else {
					next.setSucceededExistingFollowers(funnel.getSucceededExistingFollowers() + 1);
				}
				if (step.timeToScanMillis() >= 0) {
					addTimeToScan(next, funnel, step.timeToScanMillis());
				}
			}
			case REJECTED -> next.setScanned(funnel.getScanned() + 1).setRejected(funnel.getRejected() + 1);
			case EXPIRED -> next.setExpired(funnel.getExpired() + 1);
		}
		return next.build();
	}

	private static void addTimeToScan(LoginFunnel.Builder next, LoginFunnel funnel, long millis) {
		List<Long> buckets = new ArrayList<>(funnel.getTimeToScanBuckets());
		while (buckets.size() < FunnelHistogram.BUCKETS) {
			buckets.add(0L);
		}
		int bucket = FunnelHistogram.bucketOf(millis);
		buckets.set(bucket, buckets.get(bucket) + 1);
		Long max = (funnel.getTimeToScanMaxMillis() != null) ? Math.max(funnel.getTimeToScanMaxMillis(), millis)
				: millis;
		next.setTimeToScanBuckets(buckets)
			.setTimeToScanBucketBoundsMillis(FunnelHistogram.BOUNDS_MILLIS)
			.setTimeToScanCount(funnel.getTimeToScanCount() + 1)
			.setTimeToScanMaxMillis(max)
			.setTimeToScanP50Millis(FunnelHistogram.percentile(buckets, max, 50))
			.setTimeToScanP90Millis(FunnelHistogram.percentile(buckets, max, 90))
			.setTimeToScanP99Millis(FunnelHistogram.percentile(buckets, max, 99));
	}

	/**
	 * The published record of a window.
	 * @param account the account
	 * @param windowSize the size's label ({@link FunnelSettings#label})
	 * @param start the window's start, epoch millis
	 * @param end the window's end, epoch millis
	 * @param counts the window's aggregate
	 * @return the record
	 */
	public static LoginFunnel complete(String account, String windowSize, long start, long end, LoginFunnel counts) {
		return LoginFunnel.newBuilder(counts)
			.setAccount(account)
			.setWindowSize(windowSize)
			.setWindowStart(Instant.ofEpochMilli(start))
			.setWindowEnd(Instant.ofEpochMilli(end))
			.build();
	}

	/**
	 * The key of a window in {@code wechat.login-funnel}.
	 * @param funnel a published record
	 * @return {@code <account>/<window size>/<window start ISO-8601>}
	 */
	public static String key(LoginFunnel funnel) {
		return funnel.getAccount() + "/" + funnel.getWindowSize() + "/" + funnel.getWindowStart();
	}

}
