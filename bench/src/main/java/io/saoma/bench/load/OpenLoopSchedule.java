package io.saoma.bench.load;

/**
 * When each request of an open-loop run is meant to be sent: request {@code i} at
 * {@code start + i / rate}, whatever happened to the requests before it. Latency is
 * measured from that intended time, so a stall of the server (or of the generator) is
 * counted for every request it delays, not hidden by sending later (coordinated
 * omission).
 *
 * @param startNanos the intended send time of request 0 ({@link System#nanoTime()} scale)
 * @param ratePerSecond requests per second
 */
public record OpenLoopSchedule(long startNanos, double ratePerSecond) {

	private static final double NANOS_PER_SECOND = 1e9;

	public OpenLoopSchedule {
		if (!(ratePerSecond > 0)) {
			throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
		}
	}

	/**
	 * The intended send time of request {@code index}, computed from the start (no drift
	 * from adding a rounded period).
	 * @param index the request's index, from 0
	 * @return its intended send time, in nanoseconds
	 */
	public long intendedNanos(long index) {
		return this.startNanos + (long) (index * NANOS_PER_SECOND / this.ratePerSecond);
	}

	/**
	 * How many requests a run of the given length sends.
	 * @param seconds the run's length
	 * @return the request count
	 */
	public long requests(double seconds) {
		return (long) Math.floor(seconds * this.ratePerSecond);
	}

	/**
	 * The latency of a request, from its intended send time (not from when it was
	 * actually sent).
	 * @param index the request's index
	 * @param completedNanos when its answer arrived
	 * @return the latency in nanoseconds, never negative
	 */
	public long latencyNanos(long index, long completedNanos) {
		return Math.max(0, completedNanos - intendedNanos(index));
	}

}
