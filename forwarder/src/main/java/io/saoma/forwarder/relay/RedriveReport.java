package io.saoma.forwarder.relay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one re-drive did, as {@code POST /actuator/relaydlt} answers it. Every dead letter
 * present when it started is in exactly one count or in {@code remaining}.
 *
 * @param outcome {@link Outcome}
 * @param relayed dead letters the endpoint accepted (2xx) in this re-drive; their offsets
 * are committed
 * @param failedAgain dead letters the endpoint failed or refused again: each stops its
 * partition for this re-drive and stays to be re-driven
 * @param skippedUndecodable dead letters that are not a readable push (they stay in the
 * topic, the committed offset passes them)
 * @param skippedNotRelayed readable pushes that no configured relay takes any more
 * (account removed, or not a relayed kind of event); the committed offset passes them
 * @param remaining dead letters present at the start that are still to re-drive (after a
 * failure, a used-up budget, or a refusal)
 * @param uncommitted relayed dead letters whose commit failed: the next re-drive relays
 * them again
 * @param stoppedAt where and why partitions stopped
 * @param message a sentence for the operator
 */
public record RedriveReport(Outcome outcome, long relayed, long failedAgain, long skippedUndecodable,
		long skippedNotRelayed, long remaining, long uncommitted, List<Stop> stoppedAt, String message) {

	public RedriveReport {
		stoppedAt = List.copyOf(stoppedAt);
	}

	/**
	 * A re-drive that did not start because another one holds the group.
	 * @param remaining the dead letters waiting
	 * @param message why
	 * @return the report
	 */
	static RedriveReport refused(long remaining, String message) {
		return new RedriveReport(Outcome.REFUSED, 0, 0, 0, 0, remaining, 0, List.of(), message);
	}

	/**
	 * The answer's body.
	 * @return the counts by name
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("outcome", this.outcome.value);
		map.put("relayed", this.relayed);
		map.put("failedAgain", this.failedAgain);
		map.put("skippedUndecodable", this.skippedUndecodable);
		map.put("skippedNotRelayed", this.skippedNotRelayed);
		map.put("remaining", this.remaining);
		if (this.uncommitted > 0) {
			map.put("uncommitted", this.uncommitted);
		}
		if (!this.stoppedAt.isEmpty()) {
			map.put("stoppedAt", this.stoppedAt.stream().map(Stop::toMap).toList());
		}
		map.put("message", this.message);
		return map;
	}

	/**
	 * How a re-drive ended.
	 */
	public enum Outcome {

		/** Every dead letter present at the start was relayed or skipped. */
		COMPLETED("completed"),
		/**
		 * Some partitions stopped at a dead letter that failed again; the others were
		 * re-driven to their end.
		 */
		STOPPED("stopped"),
		/** The time budget ran out first. */
		BUDGET_USED_UP("budget-used-up"),
		/**
		 * Another re-drive holds (part of) the dead-letter topic: nothing was relayed.
		 */
		REFUSED("refused");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

	}

	/**
	 * A partition stopped at a dead letter that failed again.
	 *
	 * @param partition the partition of the dead-letter topic
	 * @param offset the dead letter's offset, where the next re-drive starts
	 * @param reason what the relay said
	 */
	public record Stop(int partition, long offset, String reason) {

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("partition", this.partition);
			map.put("offset", this.offset);
			map.put("reason", this.reason);
			return map;
		}

	}

}
