package io.saoma.bench.endtoend;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.saoma.bench.endtoend.StepFigures.Percentiles;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step counts each login once: a second SUCCEEDED is a duplicate, an acknowledged scan
 * without a result is missing (a scan the receiver refused is a send error, not a loss),
 * and latencies are measured from the scan's intended time.
 */
class StepFiguresTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	@Test
	void countsSucceededMissingAndDuplicateLoginsAndMeasuresFromTheIntendedTime() {
		Login once = login("once", 1_000 * MS, true);
		once.succeededAt(1_040 * MS);
		once.sseSucceededAt(1_050 * MS);
		Login twice = login("twice", 2_000 * MS, true);
		twice.succeededAt(2_100 * MS);
		twice.succeededAt(2_300 * MS);
		Login lost = login("lost", 3_000 * MS, true);
		Login refused = login("refused", 4_000 * MS, false);
		Histogram result = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
		Histogram sse = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

		long[] counted = StepFigures.count(List.of(once, twice, lost, refused), result, sse);

		assertThat(counted).containsExactly(2, 1, 1, 0, 2_100 * MS);
		assertThat(result.getTotalCount()).isEqualTo(2);
		assertThat(Percentiles.of(result).max()).isBetween(99.0, 101.0);
		assertThat(Percentiles.of(sse).p50()).isBetween(49.0, 51.0);
	}

	@Test
	void aStepWithADuplicateOrAMissingLoginFailsWhateverItsLatency() {
		Percentiles fast = new Percentiles(10, 20, 30, 40);
		assertThat(figures(0, 0, fast).passed()).isTrue();
		assertThat(figures(1, 0, fast).passed()).isFalse();
		assertThat(figures(0, 1, fast).passed()).isFalse();
		assertThat(figures(0, 0, new Percentiles(10, 151, 160, 170)).passed()).isFalse();
	}

	@Test
	void stepsAreReadAsNameRateAndSeconds() {
		assertThat(ScanToLogin.Step.parse("lone:2:30, 1000/s:1000:15"))
			.containsExactly(new ScanToLogin.Step("lone", 2, 30), new ScanToLogin.Step("1000/s", 1000, 15));
	}

	private static StepFigures figures(long missing, long duplicates, Percentiles result) {
		return new StepFigures("step", 100, 0, 10, 100, 0, 10 - missing, missing, duplicates, 0, 100, result, result, 1,
				1);
	}

	private static Login login(String id, long intendedNanos, boolean acknowledged) {
		Login login = new Login(id, null);
		login.scanIntendedAt(intendedNanos);
		if (acknowledged) {
			login.acknowledged();
		}
		return login;
	}

}
