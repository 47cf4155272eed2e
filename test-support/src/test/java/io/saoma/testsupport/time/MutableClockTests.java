package io.saoma.testsupport.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTests {

	@Test
	void shouldStandStillUntilMovedInUtc() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-30T16:00:00Z"));

		assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
		clock.advance(Duration.ofMinutes(90));
		assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-30T17:30:00Z"));
		assertThat(clock.millis()).isEqualTo(Instant.parse("2026-11-30T17:30:00Z").toEpochMilli());
		assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
	}

}
