package io.saoma.bench.load;

/**
 * One fixed-rate step's figures.
 *
 * @param targetRate the requested rate, per second
 * @param achievedRate answers ({@code 200 success}) per second over the measured run
 * @param sent requests sent in the measured run
 * @param ok answers {@code 200 success}
 * @param errors failures, timeouts and non-200 answers
 * @param p50Millis median latency from the intended send time
 * @param p99Millis 99th percentile
 * @param p999Millis 99.9th percentile
 * @param maxMillis the worst
 * @param heapUsedMb the loaded JVM's heap used, the highest sample during the step (-1:
 * unknown)
 */
public record StepResult(double targetRate, double achievedRate, long sent, long ok, long errors, double p50Millis,
		double p99Millis, double p999Millis, double maxMillis, double heapUsedMb) {

	/** The p99 bound a step must hold. */
	public static final double P99_LIMIT_MILLIS = 50;

	/**
	 * Whether the step passed: no error, p99 within the bound, and at least 95 % of the
	 * target rate achieved.
	 * @return whether it passed
	 */
	public boolean passed() {
		return this.errors == 0 && this.p99Millis <= P99_LIMIT_MILLIS && this.achievedRate >= 0.95 * this.targetRate;
	}

	static String header() {
		return "| rate/s | achieved/s | sent | errors | p50 ms | p99 ms | p99.9 ms | max ms | heap used MB | p99 ≤ 50 ms |\n"
				+ "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
	}

	String row() {
		return String.format(java.util.Locale.ROOT,
				"| %,.0f | %,.0f | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %s | %s |", this.targetRate,
				this.achievedRate, this.sent, this.errors, this.p50Millis, this.p99Millis, this.p999Millis,
				this.maxMillis, (this.heapUsedMb < 0) ? "?" : String.format("%.0f", this.heapUsedMb),
				passed() ? "yes" : "**no**");
	}

}
