package io.saoma.loginprocessor.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.loginprocessor.topology.Deadlines.Due;
import io.saoma.loginprocessor.topology.MatcherOutput.Target;
import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.LoginScans;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches scans with pending tickets, both keyed by ticket so that they meet in one task.
 * The first scan of a pending ticket that was made in time logs in and uses the ticket up
 * in the same transaction; any later scan of it is rejected; WeChat's retries are
 * dropped; a scan that arrives before its ticket is held for a grace period; tickets
 * nobody scans expire.
 * <p>
 * Expiry is decided on the scan's CreateTime, not on when it is processed: a scan made at
 * most {@code scanClockSkew} after {@code expiresAt} wins however late it is processed,
 * as long as its ticket is still pending; a scan made later is rejected ("scanned after
 * the QR code expired") even if the ticket is. A pending ticket expires
 * {@code scanClockSkew + expiryGrace} after {@code expiresAt}, so a scan made in time and
 * delayed by up to the grace still finds it. A task that starts on an instance (a start,
 * a restart, a failover, a rebalance) sweeps nothing during its first
 * {@code expiryGrace}: the scans that waited in its backlog while nobody processed them
 * (made in time, however long the outage) are matched before any of their tickets can
 * expire.
 * <p>
 * Every piece of state is registered in {@link Deadlines}, so the state stays bounded,
 * and a sweep handles at most {@code maxExpiriesPerSweep} due entries. A scan whose
 * CreateTime is not a time ({@link #isUsableCreateTime(long)}), or whose ticket, openid
 * or scene is absurdly long ({@link FieldLimits}), is no login: it is dropped, counted
 * and logged before it touches any state. A ticket with absurdly long fields is refused
 * by throwing, and a record that throws is dead-lettered by {@link MatcherGuard}; the
 * matcher checks and computes what can throw (field lengths, a ticket's expiry) before it
 * changes state.
 */
final class TicketMatcher implements Processor<String, SpecificRecord, String, MatcherOutput> {

	private static final Logger logger = LoggerFactory.getLogger(TicketMatcher.class);

	private static final char HELD_SEPARATOR = '\u0000';

	private final LoginTopologySettings settings;

	private final MatcherMetrics metrics;

	private ProcessorContext<String, MatcherOutput> context;

	private KeyValueStore<String, QrTicket> pending;

	private KeyValueStore<String, LoginResult> used;

	private KeyValueStore<String, WechatEvent> held;

	private KeyValueStore<String, Long> seen;

	private Deadlines deadlines;

	private long sweepsFrom;

	TicketMatcher(LoginTopologySettings settings, MatcherMetrics metrics) {
		this.settings = settings;
		this.metrics = metrics;
	}

	@Override
	public void init(ProcessorContext<String, MatcherOutput> context) {
		this.context = context;
		this.pending = context.getStateStore(LoginTopology.PENDING_TICKETS);
		this.used = context.getStateStore(LoginTopology.USED_TICKETS);
		this.held = context.getStateStore(LoginTopology.HELD_SCANS);
		this.seen = context.getStateStore(LoginTopology.SEEN_SCANS);
		this.deadlines = new Deadlines(context.getStateStore(LoginTopology.DEADLINES));
		this.sweepsFrom = context.currentSystemTimeMs() + this.settings.expiryGrace().toMillis();
		context.schedule(this.settings.expiryCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
	}

	@Override
	public void process(Record<String, SpecificRecord> record) {
		long now = this.context.currentSystemTimeMs();
		if (record.value() instanceof QrTicket ticket) {
			onTicket(ticket, now);
		}
		else if (record.value() instanceof WechatEvent scan) {
			onScan(scan, now);
		}
	}

	private void onTicket(QrTicket ticket, long now) {
		String id = ticket.getTicket();
		if (this.pending.get(id) != null || this.used.get(id) != null) {
			return;
		}
		// before any state changes: an absurd ticket throws here, and the guard
		// dead-letters it
		String invalid = FieldLimits.violation(ticket);
		if (invalid != null) {
			throw new IllegalArgumentException("Refused a ticket: " + invalid);
		}
		long expiryDue = expiryDue(ticket);
		this.metrics.ticketRegistered(ticket.getAccount());
		List<WechatEvent> early = takeHeldScans(id);
		if (early.isEmpty() && expiryDue <= now) {
			expire(ticket, now);
			return;
		}
		this.pending.put(id, ticket);
		this.deadlines.register(expiryDue, Deadlines.Kind.TICKET_EXPIRY, id);
		emit(Target.STATUS, ticket.getLoginId(), status(ticket, LoginState.PENDING, now).build());
		for (WechatEvent scan : early) {
			String invalidScan = invalidReason(scan);
			if (invalidScan == null) {
				match(scan, now);
			}
			else {
				// held by a version without the checks
				dropInvalid(scan, invalidScan);
			}
		}
		if (expiryDue <= now && this.pending.get(id) != null) {
			// arrived after its expiry sweep was due, and none of the scans held for it
			// was made in time
			expire(ticket, now);
		}
	}

	private void onScan(WechatEvent scan, long now) {
		String invalid = invalidReason(scan);
		if (invalid != null) {
			dropInvalid(scan, invalid);
			return;
		}
		String dedupKey = DedupIds.of(scan);
		if (this.seen.get(dedupKey) != null) {
			this.metrics.duplicateDropped(scan.getAccount());
			return;
		}
		this.seen.put(dedupKey, now);
		this.deadlines.register(now + this.settings.dedupRetention().toMillis(), Deadlines.Kind.SEEN_SCAN, dedupKey);
		match(scan, now);
	}

	private void match(WechatEvent scan, long now) {
		String id = scan.getTicket();
		QrTicket ticket = this.pending.get(id);
		if (ticket != null) {
			if (madeInTime(scan, ticket)) {
				decide(ticket, scan, now);
			}
			else {
				rejectLate(ticket, scan, now);
			}
			return;
		}
		LoginResult usedBy = this.used.get(id);
		if (usedBy != null) {
			reject(usedBy, scan, "ticket already used", now);
			return;
		}
		// held in arrival order: all scans of a ticket come through one partition, whose
		// offsets only grow
		long offset = this.context.recordMetadata().map((metadata) -> metadata.offset()).orElse(now);
		String heldKey = id + HELD_SEPARATOR + String.format("%016x", offset);
		this.held.put(heldKey, scan);
		this.deadlines.register(now + this.settings.scanGrace().toMillis(), Deadlines.Kind.HELD_SCAN, heldKey);
		this.metrics.scanHeld(scan.getAccount());
	}

	/**
	 * Whether a scan's CreateTime can be a time ({@link CreateTimes}), so that it
	 * converts to an {@link Instant} and to epoch millis without overflow.
	 * @param createTimeSeconds CreateTime as sent
	 * @return {@code false} for a negative or absurdly large CreateTime
	 */
	static boolean isUsableCreateTime(long createTimeSeconds) {
		return CreateTimes.isUsable(createTimeSeconds);
	}

	/**
	 * What makes a login candidate unusable, checked before it touches any state.
	 * @param scan a login candidate
	 * @return the reason, or {@code null} if it can be matched
	 */
	private static String invalidReason(WechatEvent scan) {
		if (!isUsableCreateTime(scan.getCreateTime())) {
			return "CreateTime " + scan.getCreateTime() + " is not in [0, 10^11) seconds";
		}
		return FieldLimits.violation(scan);
	}

	private void dropInvalid(WechatEvent scan, String reason) {
		if (isUsableCreateTime(scan.getCreateTime())) {
			this.metrics.scanInvalidField(scan.getAccount());
		}
		else {
			this.metrics.scanInvalid(scan.getAccount());
		}
		logger.warn("Dropped a scan of account '{}' (eventId {}, {}): {}", scan.getAccount(), scan.getEventId(),
				DeadLetterHeaders.describe(this.context.recordMetadata()), reason);
	}

	/**
	 * When a pending ticket expires: {@code expiresAt} plus the clock skew (scans made
	 * until then are in time) plus the expiry grace (scans made in time may still be on
	 * their way).
	 * @param ticket the ticket
	 * @return epoch millis
	 * @throws ArithmeticException if the ticket's expiresAt is so far off that this
	 * overflows
	 */
	private long expiryDue(QrTicket ticket) {
		return Math.addExact(
				Math.addExact(ticket.getExpiresAt().toEpochMilli(), this.settings.scanClockSkew().toMillis()),
				this.settings.expiryGrace().toMillis());
	}

	/**
	 * Whether a scan was made before its ticket expired, by the scan's CreateTime
	 * (WeChat's clock, whole seconds) and not by when it is processed: a scan delayed by
	 * lag or a failover still wins, a late one never does.
	 * @param scan a scan with a usable CreateTime
	 * @param ticket its pending ticket
	 * @return {@code true} if {@code CreateTime <= expiresAt + skew}
	 */
	private boolean madeInTime(WechatEvent scan, QrTicket ticket) {
		return scan.getCreateTime() * 1000 <= ticket.getExpiresAt().toEpochMilli()
				+ this.settings.scanClockSkew().toMillis();
	}

	/**
	 * A scan made after its ticket expired logs nobody in; the ticket stays pending until
	 * its expiry, since a scan made in time by someone else may still be on its way.
	 */
	private void rejectLate(QrTicket ticket, WechatEvent scan, long now) {
		LoginResult result = result(ticket, scan, LoginOutcome.REJECTED, "scanned after the QR code expired", now);
		emit(Target.LOGINS, ticket.getLoginId(), result);
		this.metrics.decided(ticket.getAccount(), LoginOutcome.REJECTED, -1);
		logger.warn(
				"Rejected a scan of login {} of account '{}': made at {} (CreateTime), after the QR code expired at "
						+ "{} (+{} skew)",
				LoginCodes.redact(ticket.getLoginId()), ticket.getAccount(),
				Instant.ofEpochSecond(scan.getCreateTime()), ticket.getExpiresAt(), this.settings.scanClockSkew());
	}

	private void decide(QrTicket ticket, WechatEvent scan, long now) {
		String id = ticket.getTicket();
		this.pending.delete(id);
		emit(Target.TICKETS, id, null);
		String scene = LoginScans.scene(scan);
		boolean sameScene = scene.equals(ticket.getScene()) && ticket.getAppId().equals(scan.getAppId());
		LoginResult result = result(ticket, scan, sameScene ? LoginOutcome.SUCCEEDED : LoginOutcome.REJECTED,
				sameScene ? null : "scene or AppID of the scan does not match the ticket", now);
		this.used.put(id, result);
		// remembered while a scan made in time may still arrive, so that it is rejected
		// rather than held
		this.deadlines.register(Math.max(now, expiryDue(ticket)) + this.settings.scanGrace().toMillis(),
				Deadlines.Kind.USED_TICKET, id);
		emit(Target.LOGINS, ticket.getLoginId(), result);
		LoginStatus.Builder status = status(ticket, sameScene ? LoginState.SUCCEEDED : LoginState.REJECTED, now)
			.setDecidedAt(Instant.ofEpochMilli(now));
		if (sameScene) {
			status.setCode(LoginCodes.next(ticket.getLoginId()))
				.setOpenId(scan.getFromUserName())
				.setNewFollower(LoginScans.isNewFollower(scan));
		}
		emit(Target.STATUS, ticket.getLoginId(), status.build());
		this.deadlines.register(now + this.settings.statusRetention().toMillis(), Deadlines.Kind.STATUS,
				ticket.getLoginId());
		this.metrics.decided(ticket.getAccount(), result.getOutcome(), now - ticket.getCreatedAt().toEpochMilli());
		if (!sameScene) {
			logger.warn("Rejected login {} of account '{}': {}", LoginCodes.redact(ticket.getLoginId()),
					ticket.getAccount(), result.getReason());
		}
	}

	private void reject(LoginResult usedBy, WechatEvent scan, String reason, long now) {
		LoginResult rejected = LoginResult.newBuilder(usedBy)
			.setOutcome(LoginOutcome.REJECTED)
			.setOpenId(scan.getFromUserName())
			.setNewFollower(LoginScans.isNewFollower(scan))
			.setScannedAt(Instant.ofEpochSecond(scan.getCreateTime()))
			.setDecidedAt(Instant.ofEpochMilli(now))
			.setScanEventId(scan.getEventId())
			.setReason(reason)
			.build();
		emit(Target.LOGINS, usedBy.getLoginId(), rejected);
		this.metrics.decided(usedBy.getAccount(), LoginOutcome.REJECTED, -1);
		logger.warn("Rejected a scan of login {} of account '{}': {}", LoginCodes.redact(usedBy.getLoginId()),
				usedBy.getAccount(), reason);
	}

	private void expire(QrTicket ticket, long now) {
		this.pending.delete(ticket.getTicket());
		emit(Target.TICKETS, ticket.getTicket(), null);
		LoginResult result = result(ticket, null, LoginOutcome.EXPIRED, null, now);
		emit(Target.LOGINS, ticket.getLoginId(), result);
		emit(Target.STATUS, ticket.getLoginId(),
				status(ticket, LoginState.EXPIRED, now).setDecidedAt(Instant.ofEpochMilli(now)).build());
		this.deadlines.register(now + this.settings.statusRetention().toMillis(), Deadlines.Kind.STATUS,
				ticket.getLoginId());
		this.metrics.decided(ticket.getAccount(), LoginOutcome.EXPIRED, -1);
	}

	private void sweep(long now) {
		if (now < this.sweepsFrom) {
			// the task has just started here: its backlog (scans made in time during an
			// outage) goes first
			return;
		}
		for (Due due : this.deadlines.takeDue(now, this.settings.maxExpiriesPerSweep())) {
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
					this.pending.delete(due.id());
				}
			}
		}
	}

	private void sweep(Due due, long now) {
		switch (due.kind()) {
			case TICKET_EXPIRY -> {
				QrTicket ticket = this.pending.get(due.id());
				if (ticket != null) {
					long expiryDue = expiryDue(ticket);
					if (expiryDue <= now) {
						expire(ticket, now);
					}
					else {
						// registered by a version that expired tickets at expiresAt
						this.deadlines.register(expiryDue, Deadlines.Kind.TICKET_EXPIRY, due.id());
					}
				}
			}
			case USED_TICKET -> this.used.delete(due.id());
			case HELD_SCAN -> {
				WechatEvent scan = this.held.delete(due.id());
				if (scan != null) {
					this.metrics.scanUnmatched(scan.getAccount());
				}
			}
			case SEEN_SCAN -> this.seen.delete(due.id());
			case STATUS -> emit(Target.STATUS, due.id(), null);
			default -> {
			}
		}
	}

	private static String redactedId(Due due) {
		return (due.kind() == Deadlines.Kind.STATUS) ? LoginCodes.redact(due.id()) : due.id();
	}

	private List<WechatEvent> takeHeldScans(String ticket) {
		List<KeyValue<String, WechatEvent>> scans = new ArrayList<>();
		try (KeyValueIterator<String, WechatEvent> entries = this.held.prefixScan(ticket + HELD_SEPARATOR,
				new StringSerializer())) {
			entries.forEachRemaining(scans::add);
		}
		scans.forEach((entry) -> this.held.delete(entry.key));
		return scans.stream().map((entry) -> entry.value).toList();
	}

	private void emit(Target target, String key, SpecificRecord value) {
		this.context.forward(new Record<>(key, new MatcherOutput(target, value), this.context.currentSystemTimeMs()));
	}

	private static LoginResult result(QrTicket ticket, WechatEvent scan, LoginOutcome outcome, String reason,
			long now) {
		return new LoginResult(ticket.getLoginId(), ticket.getAccount(), ticket.getAppId(), outcome,
				(scan != null) ? scan.getFromUserName() : null, scan != null && LoginScans.isNewFollower(scan),
				ticket.getScene(), ticket.getTicket(), ticket.getCreatedAt(), ticket.getExpiresAt(),
				(scan != null) ? Instant.ofEpochSecond(scan.getCreateTime()) : null, Instant.ofEpochMilli(now),
				(scan != null) ? scan.getEventId() : null, reason);
	}

	private static LoginStatus.Builder status(QrTicket ticket, LoginState state, long now) {
		return LoginStatus.newBuilder()
			.setLoginId(ticket.getLoginId())
			.setAccount(ticket.getAccount())
			.setAppId(ticket.getAppId())
			.setState(state)
			.setExpiresAt(ticket.getExpiresAt())
			.setUpdatedAt(Instant.ofEpochMilli(now))
			.setScene(ticket.getScene())
			.setCodeChallenge(ticket.getCodeChallenge());
	}

}
