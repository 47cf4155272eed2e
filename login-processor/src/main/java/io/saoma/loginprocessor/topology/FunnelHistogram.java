package io.saoma.loginprocessor.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The time-to-scan histogram kept in each funnel window: fixed buckets, so that a
 * window's aggregate stays small whatever its traffic and windows of one size add up, and
 * percentiles that are exact to the bucket: a percentile is the upper bound of the bucket
 * holding it, or the exact maximum if that is smaller (and for the last, open-ended
 * bucket).
 * <p>
 * Bucket upper bounds (inclusive): 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 180,
 * 300 and 600 seconds, then everything longer. A QR code lives 5 minutes by default,
 * which the buckets cover at most 1 s wide up to 3 s and at most 40% of their bound up to
 * 300 s.
 */
public final class FunnelHistogram {

	/** The upper bounds (inclusive) of all buckets but the last, in milliseconds. */
	public static final List<Long> BOUNDS_MILLIS = List.of(1_000L, 2_000L, 3_000L, 5_000L, 7_500L, 10_000L, 15_000L,
			20_000L, 30_000L, 45_000L, 60_000L, 90_000L, 120_000L, 180_000L, 300_000L, 600_000L);

	/** How many buckets there are: one more than bounds. */
	public static final int BUCKETS = BOUNDS_MILLIS.size() + 1;

	private FunnelHistogram() {
	}

	/**
	 * Empty buckets.
	 * @return {@link #BUCKETS} zeros, a new list
	 */
	public static List<Long> empty() {
		return new ArrayList<>(Collections.nCopies(BUCKETS, 0L));
	}

	/**
	 * The bucket of a time.
	 * @param millis the time to scan
	 * @return its index
	 */
	public static int bucketOf(long millis) {
		for (int i = 0; i < BOUNDS_MILLIS.size(); i++) {
			if (millis <= BOUNDS_MILLIS.get(i)) {
				return i;
			}
		}
		return BOUNDS_MILLIS.size();
	}

	/**
	 * A percentile.
	 * @param buckets the counts per bucket
	 * @param max the longest time counted
	 * @param percent e.g. 50, 90, 99
	 * @return the upper bound of the bucket holding the percentile, at most {@code max};
	 * {@code null} if nothing was counted
	 */
	public static Long percentile(List<Long> buckets, Long max, int percent) {
		long count = buckets.stream().mapToLong(Long::longValue).sum();
		if (count == 0 || max == null) {
			return null;
		}
		long rank = Math.max(1, (long) Math.ceil(count * percent / 100.0));
		long seen = 0;
		for (int i = 0; i < buckets.size(); i++) {
			seen += buckets.get(i);
			if (seen >= rank) {
				return (i < BOUNDS_MILLIS.size()) ? Math.min(BOUNDS_MILLIS.get(i), max) : max;
			}
		}
		return max;
	}

}
