package io.saoma.loginprocessor.topology;

import java.util.List;

import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches scans with pending tickets, both keyed by ticket so that they meet in one task.
 * The first scan of a pending ticket that was made in time logs in and uses the ticket up
 * in the same transaction; any later scan of it is rejected; WeChat's retries are dropped
 * ({@link SeenScans}); a scan that arrives before its ticket is held for a grace period
 * ({@link HeldScans}); tickets nobody scans expire ({@link MatcherSweep}). What each
 * decision writes is in {@link Decisions}, when a scan is in time and a ticket expires in
 * {@link ExpiryRules}.
 * <p>
 * A scan made in time wins however late it is processed, as long as its ticket is still
 * pending; a scan made later is rejected ("scanned after the QR code expired") even if
 * the ticket is.
 * <p>
 * Every piece of state is registered in {@link Deadlines}, so the state stays bounded. A
 * scan whose CreateTime is not a time, or whose ticket, openid or scene is absurdly long
 * ({@link ScanChecks}), is no login: it is dropped, counted and logged before it touches
 * any state. A ticket with absurdly long fields is refused by throwing, and a record that
 * throws is dead-lettered by {@link MatcherGuard}; the matcher checks and computes what
 * can throw (field lengths, a ticket's expiry) before it changes state.
 */
final class TicketMatcher implements Processor<String, SpecificRecord, String, MatcherOutput> {

	private static final Logger logger = LoggerFactory.getLogger(TicketMatcher.class);

	private final LoginTopologySettings settings;

	private final MatcherMetrics metrics;

	private final ExpiryRules rules;

	private ProcessorContext<String, MatcherOutput> context;

	private MatcherState state;

	private Decisions decisions;

	TicketMatcher(LoginTopologySettings settings, MatcherMetrics metrics) {
		this.settings = settings;
		this.metrics = metrics;
		this.rules = ExpiryRules.of(settings);
	}

	@Override
	public void init(ProcessorContext<String, MatcherOutput> context) {
		this.context = context;
		this.state = MatcherState.of(context, this.settings);
		MatcherOutputs outputs = new MatcherOutputs(context);
		this.decisions = new Decisions(this.state.tickets(), this.state.deadlines(), outputs, this.metrics,
				this.settings);
		MatcherSweep sweep = new MatcherSweep(this.state, this.decisions, outputs, this.metrics, this.settings,
				context.currentSystemTimeMs());
		context.schedule(this.settings.expiryCheckInterval(), PunctuationType.WALL_CLOCK_TIME, sweep::run);
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
		Tickets tickets = this.state.tickets();
		if (tickets.isKnown(id)) {
			return;
		}
		// before any state changes: an absurd ticket throws here, and the guard
		// dead-letters it
		String invalid = FieldLimits.violation(ticket);
		if (invalid != null) {
			throw new IllegalArgumentException("Refused a ticket: " + invalid);
		}
		long expiryDue = this.rules.expiryDue(ticket);
		this.metrics.ticketRegistered(ticket.getAccount());
		List<WechatEvent> early = this.state.held().takeAll(id);
		if (early.isEmpty() && expiryDue <= now) {
			this.decisions.expire(ticket, now);
			return;
		}
		this.decisions.open(ticket, expiryDue, now);
		for (WechatEvent scan : early) {
			String invalidScan = ScanChecks.invalidReason(scan);
			if (invalidScan == null) {
				match(scan, now);
			}
			else {
				// held by a version without the checks
				dropInvalid(scan, invalidScan);
			}
		}
		if (expiryDue <= now && tickets.pending(id) != null) {
			// arrived after its expiry sweep was due, and none of the scans held for it
			// was made in time
			this.decisions.expire(ticket, now);
		}
	}

	private void onScan(WechatEvent scan, long now) {
		String invalid = ScanChecks.invalidReason(scan);
		if (invalid != null) {
			dropInvalid(scan, invalid);
			return;
		}
		if (!this.state.seen().firstSighting(scan, now)) {
			this.metrics.duplicateDropped(scan.getAccount());
			return;
		}
		match(scan, now);
	}

	private void match(WechatEvent scan, long now) {
		String id = scan.getTicket();
		QrTicket ticket = this.state.tickets().pending(id);
		if (ticket != null) {
			if (this.rules.madeInTime(scan, ticket)) {
				this.decisions.decide(ticket, scan, now);
			}
			else {
				this.decisions.rejectLate(ticket, scan, now);
			}
			return;
		}
		LoginResult usedBy = this.state.tickets().usedBy(id);
		if (usedBy != null) {
			this.decisions.rejectUsed(usedBy, scan, now);
			return;
		}
		long offset = this.context.recordMetadata().map((metadata) -> metadata.offset()).orElse(now);
		this.state.held().hold(scan, offset, now);
		this.metrics.scanHeld(scan.getAccount());
	}

	private void dropInvalid(WechatEvent scan, String reason) {
		if (ScanChecks.isUsableCreateTime(scan.getCreateTime())) {
			this.metrics.scanInvalidField(scan.getAccount());
		}
		else {
			this.metrics.scanInvalid(scan.getAccount());
		}
		logger.warn("Dropped a scan of account '{}' (eventId {}, {}): {}", scan.getAccount(), scan.getEventId(),
				DeadLetterHeaders.describe(this.context.recordMetadata()), reason);
	}

}
