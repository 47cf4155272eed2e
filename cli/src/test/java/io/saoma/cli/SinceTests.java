package io.saoma.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SinceTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void shouldCountAnAgeBackFromNow() {
		assertThat(Since.parse("30s", this.clock)).isEqualTo(Instant.parse("2026-12-01T11:59:30Z"));
		assertThat(Since.parse("10m", this.clock)).isEqualTo(Instant.parse("2026-12-01T11:50:00Z"));
		assertThat(Since.parse("1h", this.clock)).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
		assertThat(Since.parse("2d", this.clock)).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
	}

	@Test
	void shouldAcceptAnIsoInstantOrOffsetDateTime() {
		assertThat(Since.parse("2026-12-01T10:00:00Z", this.clock)).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
		assertThat(Since.parse("2026-12-01T18:00:00+08:00", this.clock))
			.isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "10", "10x", "-5m", "1.5h", "yesterday", "2026-12-01", "2026-12-01T10:00:00" })
	void shouldRejectAnythingElseNamingTheAcceptedForms(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Since.parse(text, this.clock))
			.withMessageContaining("Invalid --since '" + text + "'")
			.withMessageContaining("10m")
			.withMessageContaining("2026-12-01T10:00:00Z");
	}

}
