package io.saoma.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --since} value: how far back a person wants to look. People think in "the
 * last ten minutes" more often than in timestamps, so both a relative age ({@code 30s},
 * {@code 10m}, {@code 1h}, {@code 2d}) and an ISO-8601 instant or offset date-time
 * ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01T18:00:00+08:00}) are accepted.
 */
final class Since {

	private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

	static final String FORMS = "an age such as 30s, 10m, 1h or 2d, or an ISO-8601 time such as 2026-12-01T10:00:00Z";

	private Since() {
	}

	/**
	 * Parses a {@code --since} value.
	 * @param text what the person typed
	 * @param clock the clock an age counts back from
	 * @return the instant to start reading at
	 * @throws IllegalArgumentException naming the accepted forms if the text is none of
	 * them
	 */
	static Instant parse(String text, Clock clock) {
		String value = (text != null) ? text.trim() : "";
		Matcher age = AGE.matcher(value);
		if (age.matches()) {
			long amount = Long.parseLong(age.group(1));
			Duration duration = switch (age.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
			return clock.instant().minus(duration);
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			// not an instant in UTC; maybe one with an offset
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Invalid --since '" + text + "': expected " + FORMS);
		}
	}

}
