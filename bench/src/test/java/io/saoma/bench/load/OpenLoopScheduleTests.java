package io.saoma.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OpenLoopScheduleTests {

	@Test
	void requestsAreSpacedEvenlyFromTheStartWithoutDrift() {
		OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, 3_000);
		assertThat(schedule.intendedNanos(0)).isEqualTo(1_000);
		assertThat(schedule.intendedNanos(1)).isEqualTo(1_000 + 333_333);
		assertThat(schedule.intendedNanos(3)).isEqualTo(1_000 + 1_000_000);
		// computed from the start, not by adding a rounded period 3 million times
		assertThat(schedule.intendedNanos(3_000_000)).isEqualTo(1_000 + 1_000_000_000_000L);
	}

	@Test
	void aRunSendsRateTimesSeconds() {
		assertThat(new OpenLoopSchedule(0, 16_000).requests(15)).isEqualTo(240_000);
		assertThat(new OpenLoopSchedule(0, 1_000).requests(0.5)).isEqualTo(500);
	}

	@Test
	void latencyIsMeasuredFromTheIntendedSendTimeNotFromTheActualOne() {
		OpenLoopSchedule schedule = new OpenLoopSchedule(0, 1_000);
		// request 10 was meant to go at 10 ms; the generator or the server stalled and
		// its
		// answer came at 200 ms: 190 ms, even if it was actually sent at 199 ms
		assertThat(schedule.latencyNanos(10, 200_000_000)).isEqualTo(190_000_000);
		assertThat(schedule.latencyNanos(10, 5_000_000)).isZero();
	}

	@Test
	void aRateMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OpenLoopSchedule(0, 0));
	}

}
