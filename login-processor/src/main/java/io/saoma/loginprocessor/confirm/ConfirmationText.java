package io.saoma.loginprocessor.confirm;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Fills a confirmation text's placeholders: {@code {time}} ({@code HH:mm}) and
 * {@code {date}} ({@code yyyy-MM-dd}) of when the login was decided, in the configured
 * zone (the users' clock, not the server's).
 */
final class ConfirmationText {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

	private ConfirmationText() {
	}

	static String render(String template, Instant decidedAt, ZoneId zone) {
		return template.replace("{time}", TIME.format(decidedAt.atZone(zone)))
			.replace("{date}", DATE.format(decidedAt.atZone(zone)));
	}

}
