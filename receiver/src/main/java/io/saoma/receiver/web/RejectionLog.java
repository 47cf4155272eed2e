package io.saoma.receiver.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejections as WARN lines that a flood cannot multiply: per (what, account, outcome) the
 * first rejection is logged at once, later ones at most once per interval as one line
 * with their count since the previous line and the last reason. {@link #flush()} (called
 * periodically) writes the count still pending once its interval has passed, so a burst
 * that stops is still reported. The keys are configured account ids (or a fixed
 * placeholder) and outcome tags, never anything from the request, so their number is
 * bounded. Reasons must not contain secrets or bodies.
 */
public final class RejectionLog {

	private static final Logger logger = LoggerFactory.getLogger(WechatHandler.class);

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final Consumer<String> sink;

	private final BiConsumer<String, Throwable> failureSink;

	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * Creates the log.
	 * @param interval at most one line per key per interval
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 * @param sink where the lines go
	 */
	public RejectionLog(Duration interval, LongSupplier nanoTime, Consumer<String> sink) {
		this(interval, nanoTime, sink, (line, failure) -> sink.accept(line));
	}

	/**
	 * Creates the log.
	 * @param interval at most one line per key per interval
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 * @param sink where the lines go
	 * @param failureSink where the first line of a {@link #failed failure} goes, with the
	 * failure
	 */
	public RejectionLog(Duration interval, LongSupplier nanoTime, Consumer<String> sink,
			BiConsumer<String, Throwable> failureSink) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.sink = sink;
		this.failureSink = failureSink;
	}

	/**
	 * Creates the log writing WARN lines to the {@link WechatHandler}'s logger.
	 * @param interval at most one line per key per interval
	 * @return the log
	 */
	public static RejectionLog warnings(Duration interval) {
		return new RejectionLog(interval, System::nanoTime, logger::warn, logger::error);
	}

	/**
	 * Records one rejection.
	 * @param what what was rejected, singular: {@code push}, {@code URL verification},
	 * {@code connection}
	 * @param account the configured account id, a fixed placeholder, or {@code null} when
	 * there is none
	 * @param outcome the status and tag, e.g. {@code 401 bad_signature}
	 * @param reason the reason and hint; no secrets, no body
	 */
	public void rejected(String what, String account, String outcome, String reason) {
		record(what, account, outcome, reason, null);
	}

	/**
	 * Records one request that failed unexpectedly (a bug): like {@link #rejected
	 * rejected}, but a line written at once goes to the failure sink with the failure, so
	 * the operator gets its stack trace at most once per key and interval.
	 * @param what what failed, singular
	 * @param account the configured account id, a fixed placeholder, or {@code null}
	 * @param outcome the status and tag, e.g. {@code 500 internal_error}
	 * @param reason the reason; no secrets, no body
	 * @param failure the failure
	 */
	public void failed(String what, String account, String outcome, String reason, Throwable failure) {
		record(what, account, outcome, reason, failure);
	}

	private void record(String what, String account, String outcome, String reason, Throwable failure) {
		Key key = new Key(what, account, outcome);
		Entry entry = this.entries.computeIfAbsent(key, (k) -> new Entry());
		String line = null;
		synchronized (entry) {
			long now = this.nanoTime.getAsLong();
			if (!entry.logged || now - entry.lastLine >= this.intervalNanos) {
				line = line(key, entry.suppressed + 1, reason, now - entry.lastLine, entry.suppressed > 0);
				entry.logged = true;
				entry.lastLine = now;
				entry.suppressed = 0;
				entry.lastReason = null;
			}
			else {
				entry.suppressed++;
				entry.lastReason = reason;
			}
		}
		if (line != null && failure != null) {
			this.failureSink.accept(line, failure);
		}
		else if (line != null) {
			this.sink.accept(line);
		}
	}

	/**
	 * Writes one line for every key whose rejections since its last line are still
	 * unreported and whose interval has passed.
	 */
	public void flush() {
		this.entries.forEach((key, entry) -> {
			String line = null;
			synchronized (entry) {
				long now = this.nanoTime.getAsLong();
				if (entry.suppressed > 0 && now - entry.lastLine >= this.intervalNanos) {
					line = line(key, entry.suppressed, entry.lastReason, now - entry.lastLine, true);
					entry.lastLine = now;
					entry.suppressed = 0;
					entry.lastReason = null;
				}
			}
			if (line != null) {
				this.sink.accept(line);
			}
		});
	}

	private static String line(Key key, long count, String reason, long sinceNanos, boolean aggregated) {
		if (!aggregated) {
			return "Rejected " + key.what + forAccount(key) + " with " + key.outcome + ": " + reason;
		}
		return "Rejected " + count + " " + ((count == 1) ? key.what : plural(key.what)) + forAccount(key) + " with "
				+ key.outcome + " in the last " + Duration.ofNanos(sinceNanos).toSeconds() + "s, the last: " + reason;
	}

	private static String forAccount(Key key) {
		return (key.account != null) ? " for account '" + key.account + "'" : "";
	}

	private static String plural(String what) {
		return what.endsWith("sh") ? what + "es" : what + "s";
	}

	private record Key(String what, String account, String outcome) {
	}

	private static final class Entry {

		boolean logged;

		long lastLine;

		long suppressed;

		String lastReason;

	}

}
