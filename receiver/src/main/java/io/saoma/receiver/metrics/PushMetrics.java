package io.saoma.receiver.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.push.Outcome;

/**
 * Counts and times requests to the endpoint per account and {@link Outcome}: the timer
 * {@code wechat.receiver.pushes} (its count is the number of pushes, its time from
 * receiving a push to answering it) and the counter {@code wechat.receiver.verifications}
 * (URL verification GETs); pushes shed at a limit are counted under their {@link Outcome}
 * too, and connections closed over {@code wechat.receiver.max-connections} under
 * {@code wechat.receiver.connections.refused}, connections closed for missing
 * {@code wechat.receiver.header-timeout} under
 * {@code wechat.receiver.connections.header-timeout}. Requests for an unknown account are
 * tagged {@value #UNKNOWN_ACCOUNT}, never with the id from the URL, so a scan of random
 * paths cannot blow up the number of series.
 */
public class PushMetrics {

	/** The account tag of requests whose account is not configured. */
	public static final String UNKNOWN_ACCOUNT = "_unknown";

	private final MeterRegistry registry;

	private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

	public PushMetrics(MeterRegistry registry, WechatAccounts accounts) {
		this.registry = registry;
		accounts.ids().forEach(this::timersOf);
		timersOf(UNKNOWN_ACCOUNT);
	}

	/**
	 * Records one POST.
	 * @param account the configured account id, or {@link #UNKNOWN_ACCOUNT}
	 * @param outcome what became of it
	 * @param startNanos {@link System#nanoTime()} when it arrived
	 */
	public void push(String account, Outcome outcome, long startNanos) {
		timersOf(account).get(outcome.tag()).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Records one connection closed because {@code wechat.receiver.max-connections} were
	 * open.
	 */
	public void connectionRefused() {
		this.registry.counter("wechat.receiver.connections.refused").increment();
	}

	/**
	 * Records one connection closed because its request line and headers did not arrive
	 * within {@code wechat.receiver.header-timeout}.
	 */
	public void connectionHeaderTimeout() {
		this.registry.counter("wechat.receiver.connections.header-timeout").increment();
	}

	/**
	 * Records one URL verification GET.
	 * @param account the configured account id, or {@link #UNKNOWN_ACCOUNT}
	 * @param outcome {@link Outcome#ACCEPTED}, {@link Outcome#BAD_SIGNATURE}, ...
	 */
	public void verification(String account, Outcome outcome) {
		this.registry.counter("wechat.receiver.verifications", "account", account, "outcome", outcome.tag())
			.increment();
	}

	private Map<String, Timer> timersOf(String account) {
		return this.timers.computeIfAbsent(account, (id) -> {
			Map<String, Timer> byOutcome = new HashMap<>();
			for (Outcome outcome : Outcome.values()) {
				byOutcome.put(outcome.tag(), timer(id, outcome.tag()));
			}
			return byOutcome;
		});
	}

	private Timer timer(String id, String tag) {
		return Timer.builder("wechat.receiver.pushes")
			.description("Pushes received from WeChat and the time to answer them, by account and outcome")
			.tags("account", id, "outcome", tag)
			.register(this.registry);
	}

}
