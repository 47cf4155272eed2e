package io.saoma.bench.endtoend;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The figures of one step of scans at a fixed rate.
 *
 * @param name the step
 * @param rate the intended scans per second
 * @param fromReadySeconds when its first scan was due, in seconds after the login
 * processor was ready
 * @param logins logins scanned
 * @param startsPerSecond the rate the API started them at, before the step
 * @param sendErrors scan pushes the receiver did not answer {@code success}
 * @param succeeded logins seen {@code SUCCEEDED} on {@code wechat.logins}
 * @param missing logins whose scan the receiver acknowledged but never seen decided
 * @param duplicates logins seen {@code SUCCEEDED} more than once
 * @param otherOutcomes results other than {@code SUCCEEDED} for these logins
 * @param loginsPerSecond logins decided per second, from the first scan due to the last
 * result
 * @param result scan due → {@code SUCCEEDED} read (read_committed), milliseconds
 * @param sse scan due → {@code SUCCEEDED} over SSE, milliseconds, for the sample
 * @param sseSample SSE streams watched
 * @param cpuMillisPerLogin CPU of the receiver and the login processor per login
 */
record StepFigures(String name, double rate, double fromReadySeconds, long logins, double startsPerSecond,
		long sendErrors, long succeeded, long missing, long duplicates, long otherOutcomes, double loginsPerSecond,
		Percentiles result, Percentiles sse, int sseSample, double cpuMillisPerLogin) {

	/** The target: p99 scan → result at every rate up to 1,000/s. */
	static final double P99_LIMIT_MILLIS = 150;

	/**
	 * Every login once, no error, p99 within the limit.
	 * @return whether the step met the target
	 */
	boolean passed() {
		return this.missing == 0 && this.duplicates == 0 && this.otherOutcomes == 0 && this.sendErrors == 0
				&& this.result.p99() <= P99_LIMIT_MILLIS;
	}

	static String header() {
		return """
				| step | rate/s | from ready (s) | logins | starts/s | decided/s | p50 ms | p99 ms | p99.9 ms | max ms \
				| SSE n | SSE p50 | SSE p99 | missing | dup | other | send err | CPU ms/login | p99 ≤ 150 |
				|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|""";
	}

	String row() {
		return String.format(Locale.ROOT,
				"| %s | %,.0f | %.0f | %,d | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %d | %d | %d"
						+ " | %d | %.2f | %s |",
				this.name, this.rate, this.fromReadySeconds, this.logins, this.startsPerSecond, this.loginsPerSecond,
				this.result.p50(), this.result.p99(), this.result.p999(), this.result.max(), this.sseSample,
				this.sse.p50(), this.sse.p99(), this.missing, this.duplicates, this.otherOutcomes, this.sendErrors,
				this.cpuMillisPerLogin, passed() ? "yes" : "**no**");
	}

	/**
	 * Percentiles in milliseconds.
	 *
	 * @param p50 median
	 * @param p99 99th
	 * @param p999 99.9th
	 * @param max the largest
	 */
	record Percentiles(double p50, double p99, double p999, double max) {

		static Percentiles of(Histogram histogram) {
			if (histogram.getTotalCount() == 0) {
				return new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
			}
			return new Percentiles(histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
					histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6);
		}

	}

	/**
	 * Counts what was seen of a step's logins.
	 * @param logins the logins
	 * @param result filled with scan due → read_committed result, nanoseconds
	 * @param sse filled with scan due → SSE, nanoseconds
	 * @return succeeded, missing, duplicates, other outcomes, last result (nanoTime)
	 */
	static long[] count(List<Login> logins, Histogram result, Histogram sse) {
		long succeeded = 0;
		long missing = 0;
		long duplicates = 0;
		long other = 0;
		long last = 0;
		for (Login login : logins) {
			if (login.succeededCount() > 0) {
				succeeded++;
				long latency = Math.max(0, login.succeededNanos() - login.intendedScanNanos());
				result.recordValue(Math.min(latency, result.getHighestTrackableValue()));
				last = Math.max(last, login.succeededNanos());
			}
			else if (login.isAcknowledged()) {
				missing++;
			}
			if (login.succeededCount() > 1) {
				duplicates++;
			}
			other += login.otherOutcomes();
			if (login.sseNanos() != 0) {
				long latency = Math.max(0, login.sseNanos() - login.intendedScanNanos());
				sse.recordValue(Math.min(latency, sse.getHighestTrackableValue()));
			}
		}
		return new long[] { succeeded, missing, duplicates, other, last };
	}

}
