package io.saoma.loginprocessor.topology;

import java.time.Instant;

import io.saoma.loginprocessor.topology.Deadlines.Due;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the matcher's state that fell due, at most {@code maxExpiriesPerSweep} entries
 * at a time, earliest first: pending tickets expire, used tickets and seen scans are
 * forgotten, held scans are dropped as unmatched and decided logins' statuses get their
 * tombstone. A task that starts on an instance (a start, a restart, a failover, a
 * rebalance) sweeps nothing during its first {@code expiryGrace}: the scans that waited
 * in its backlog while nobody processed them (made in time, however long the outage) are
 * matched before any of their tickets can expire. An entry that fails is removed and
 * counted, and the sweep goes on.
 */
final class MatcherSweep {

	private static final Logger logger = LoggerFactory.getLogger(MatcherSweep.class);

	private final MatcherState state;

	private final Decisions decisions;

	private final MatcherOutputs outputs;

	private final MatcherMetrics metrics;

	private final LoginTopologySettings settings;

	private final ExpiryRules rules;

	private final long sweepsFrom;

	/**
	 * A sweep of a task that starts now.
	 * @param state the task's state
	 * @param decisions what expires tickets
	 * @param outputs where status tombstones go
	 * @param metrics where failures and unmatched scans are counted
	 * @param settings the settings
	 * @param startedAt when the task started here, epoch millis
	 */
	MatcherSweep(MatcherState state, Decisions decisions, MatcherOutputs outputs, MatcherMetrics metrics,
			LoginTopologySettings settings, long startedAt) {
		this.state = state;
		this.decisions = decisions;
		this.outputs = outputs;
		this.metrics = metrics;
		this.settings = settings;
		this.rules = ExpiryRules.of(settings);
		this.sweepsFrom = startedAt + settings.expiryGrace().toMillis();
	}

	/**
	 * Sweeps what is due.
	 * @param now the time, epoch millis
	 */
	void run(long now) {
		if (now < this.sweepsFrom) {
			// the task has just started here: its backlog (scans made in time during an
			// outage) goes first
			return;
		}
		for (Due due : this.state.deadlines().takeDue(now, this.settings.maxExpiriesPerSweep())) {
			try {
				sweep(due, now);
			}
			catch (StreamsException ex) {
				// Kafka Streams' own (a failed send, a fenced task): it aborts the
				// transaction and retries
				throw ex;
			}
			catch (RuntimeException ex) {
				// a bad entry must not stop the sweep: its state is removed, the rest is
				// swept
				this.metrics.sweepFailed();
				logger.error("Could not sweep {} '{}' (due {}); removed it", due.kind(), redactedId(due),
						Instant.ofEpochMilli(due.dueMillis()), ex);
				if (due.kind() == Deadlines.Kind.TICKET_EXPIRY) {
					this.state.tickets().removePending(due.id());
				}
			}
		}
	}

	private void sweep(Due due, long now) {
		switch (due.kind()) {
			case TICKET_EXPIRY -> expire(due.id(), now);
			case USED_TICKET -> this.state.tickets().forgetUsed(due.id());
			case HELD_SCAN -> {
				WechatEvent scan = this.state.held().drop(due.id());
				if (scan != null) {
					this.metrics.scanUnmatched(scan.getAccount());
				}
			}
			case SEEN_SCAN -> this.state.seen().forget(due.id());
			case STATUS -> this.outputs.statusRemoved(due.id());
			default -> {
			}
		}
	}

	private void expire(String id, long now) {
		QrTicket ticket = this.state.tickets().pending(id);
		if (ticket == null) {
			return;
		}
		long expiryDue = this.rules.expiryDue(ticket);
		if (expiryDue <= now) {
			this.decisions.expire(ticket, now);
		}
		else {
			// registered by a version that expired tickets at expiresAt
			this.state.tickets().expireLater(id, expiryDue);
		}
	}

	private static String redactedId(Due due) {
		return (due.kind() == Deadlines.Kind.STATUS) ? LoginCodes.redact(due.id()) : due.id();
	}

}
