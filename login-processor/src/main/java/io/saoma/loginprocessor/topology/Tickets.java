package io.saoma.loginprocessor.topology;

import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tickets the matcher knows, by ticket: the pending ones, and the used ones with the
 * result they gave, remembered while a scan made in time may still arrive, so that it is
 * rejected rather than held.
 */
final class Tickets {

	private final KeyValueStore<String, QrTicket> pending;

	private final KeyValueStore<String, LoginResult> used;

	private final Deadlines deadlines;

	/**
	 * The tickets.
	 * @param pending the store {@value LoginTopology#PENDING_TICKETS}
	 * @param used the store {@value LoginTopology#USED_TICKETS}
	 * @param deadlines where their expiry and forgetting are registered
	 */
	Tickets(KeyValueStore<String, QrTicket> pending, KeyValueStore<String, LoginResult> used, Deadlines deadlines) {
		this.pending = pending;
		this.used = used;
		this.deadlines = deadlines;
	}

	boolean isKnown(String ticket) {
		return this.pending.get(ticket) != null || this.used.get(ticket) != null;
	}

	QrTicket pending(String ticket) {
		return this.pending.get(ticket);
	}

	LoginResult usedBy(String ticket) {
		return this.used.get(ticket);
	}

	/**
	 * Adds a pending ticket, to expire at the given time.
	 * @param ticket the ticket
	 * @param expiryDue when it expires, epoch millis
	 */
	void addPending(QrTicket ticket, long expiryDue) {
		this.pending.put(ticket.getTicket(), ticket);
		this.deadlines.register(expiryDue, Deadlines.Kind.TICKET_EXPIRY, ticket.getTicket());
	}

	/**
	 * Registers a pending ticket's expiry again (it was registered for an earlier time).
	 * @param ticket the ticket
	 * @param expiryDue when it expires, epoch millis
	 */
	void expireLater(String ticket, long expiryDue) {
		this.deadlines.register(expiryDue, Deadlines.Kind.TICKET_EXPIRY, ticket);
	}

	void removePending(String ticket) {
		this.pending.delete(ticket);
	}

	/**
	 * Uses a pending ticket up.
	 * @param ticket the ticket
	 * @param result the result it gave
	 * @param rememberUntil until when later scans of it are rejected, epoch millis
	 */
	void use(String ticket, LoginResult result, long rememberUntil) {
		this.pending.delete(ticket);
		this.used.put(ticket, result);
		this.deadlines.register(rememberUntil, Deadlines.Kind.USED_TICKET, ticket);
	}

	void forgetUsed(String ticket) {
		this.used.delete(ticket);
	}

}
