package io.saoma.faults;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Waiting on a condition without failing at once, so a scenario can write its summary
 * before it asserts.
 */
final class Waits {

	private Waits() {
	}

	/**
	 * Waits until the condition holds, at most the given time.
	 * @param alias what is awaited, for the log
	 * @param timeout the bound
	 * @param condition the condition
	 * @return whether it held in time
	 */
	static boolean holdsWithin(String alias, Duration timeout, Callable<Boolean> condition) {
		try {
			await(alias).atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

}
