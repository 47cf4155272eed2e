package io.saoma.loginprocessor.topology;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the funnel sub-topology ({@link FunnelTopology}) needs to know, independent of
 * Spring.
 *
 * @param windows the sizes of the tumbling windows, each counted in a store of its own
 * ({@link #storeName})
 * @param grace how long after a window's end a record of that window is still counted (by
 * the stream time of its task); a later one is dropped
 * @param history how many windows of each size the stores keep (and the API shows), the
 * current one included
 */
public record FunnelSettings(List<Duration> windows, Duration grace, int history) {

	/** The window sizes when none are configured. */
	public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofHours(1));

	/** The grace when none is configured. */
	public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

	/** The history when none is configured. */
	public static final int DEFAULT_HISTORY = 24;

	public FunnelSettings {
		if (windows == null || windows.isEmpty()) {
			throw new IllegalArgumentException("windows must name at least one size");
		}
		windows = List.copyOf(windows);
		Set<String> labels = new HashSet<>();
		for (Duration window : windows) {
			if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
				throw new IllegalArgumentException(
						"window " + window + " must be a whole number of seconds, at least 1s");
			}
			if (!labels.add(label(window))) {
				throw new IllegalArgumentException("window " + label(window) + " is listed twice");
			}
		}
		if (grace == null || grace.isNegative()) {
			throw new IllegalArgumentException("grace must not be negative");
		}
		if (history < 1) {
			throw new IllegalArgumentException("history must be at least 1");
		}
	}

	/**
	 * The defaults: windows of 1 minute and 1 hour, a grace of 1 minute, 24 windows kept.
	 * @return the settings
	 */
	public static FunnelSettings defaults() {
		return new FunnelSettings(DEFAULT_WINDOWS, DEFAULT_GRACE, DEFAULT_HISTORY);
	}

	/**
	 * A window size as it appears in keys, store names and the API: the largest whole
	 * unit, e.g. {@code 1m}, {@code 1h}, {@code 90s}, {@code 1d}.
	 * @param window the size
	 * @return the label
	 */
	public static String label(Duration window) {
		long seconds = window.toSeconds();
		if (seconds % 86_400 == 0) {
			return (seconds / 86_400) + "d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + "m";
		}
		return seconds + "s";
	}

	/**
	 * The window store of a window size.
	 * @param window the size
	 * @return {@code login-funnel-<label>}, e.g. {@code login-funnel-1m}
	 */
	public static String storeName(Duration window) {
		return "login-funnel-" + label(window);
	}

	/**
	 * How long a window store keeps a window: {@link #history} windows and the grace.
	 * @param window the size
	 * @return the retention
	 */
	public Duration retention(Duration window) {
		return window.multipliedBy(this.history).plus(this.grace);
	}

	/**
	 * The window size of a label.
	 * @param label e.g. {@code 1m}
	 * @return the size, or {@code null} if no configured size has this label
	 */
	public Duration window(String label) {
		return this.windows.stream().filter((window) -> label(window).equals(label)).findFirst().orElse(null);
	}

}
