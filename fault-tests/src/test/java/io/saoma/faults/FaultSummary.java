package io.saoma.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's result as a Markdown table row in
 * {@code fault-tests/target/fault-summary.md}, for RELIABILITY.md to quote: what went in,
 * what was found afterwards, lost, duplicated, how long it took, and the command.
 *
 * @param scenario what happened
 * @param in pushes, logins or relays put in
 * @param unit what {@code in} counts
 * @param found what was found afterwards (delivered once or more, results, ...)
 * @param lost what went in and was not found
 * @param duplicated extra copies found (e.g. Authing calls beyond the first per push)
 * @param duration the scenario's duration
 * @param note anything else a reader needs (e.g. calls per relay, latency)
 */
record FaultSummary(String scenario, long in, String unit, long found, long lost, long duplicated, Duration duration,
		String note) {

	private static final Logger log = LoggerFactory.getLogger(FaultSummary.class);

	private static final String HEADER = "| Scenario | In | Found afterwards | Lost | Duplicated | Duration | Notes | Run | Command |\n"
			+ "|---|---|---|---|---|---|---|---|---|\n";

	/** Appends this row (and the header to a new file), and logs it. */
	void write() {
		String testClass = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
			.walk((frames) -> frames.map(StackWalker.StackFrame::getDeclaringClass)
				.map(Class::getSimpleName)
				.filter((name) -> name.endsWith("IT"))
				.findFirst()
				.orElse("?"));
		String row = String.format(Locale.ROOT, "| %s | %d %s | %d | %d | %d | %.1f s | %s | %s | `%s` |%n",
				this.scenario, this.in, this.unit, this.found, this.lost, this.duplicated,
				this.duration.toMillis() / 1000.0, (this.note != null) ? this.note : "",
				FaultSettings.full() ? "full" : "default", FaultSettings.command(testClass));
		log.info("Fault summary: {}", row.strip());
		Path file = FaultSettings.summaryFile();
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			synchronized (FaultSummary.class) {
				if (!Files.exists(file)) {
					Files.writeString(file, "# Fault suite summary (" + Instant.now() + ")\n\n" + HEADER);
				}
				Files.writeString(file, row, StandardOpenOption.APPEND);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

}
