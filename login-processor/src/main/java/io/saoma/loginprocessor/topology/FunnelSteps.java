package io.saoma.loginprocessor.topology;

import java.time.Instant;
import java.util.List;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns tickets and login results into {@link FunnelStep}s keyed by account, each at its
 * event time:
 * <ul>
 * <li>a ticket: STARTED at its {@code createdAt};</li>
 * <li>a SUCCEEDED or REJECTED result: at its scan's {@code scannedAt} (WeChat's
 * CreateTime), but never after {@code decidedAt}, so that a wrong clock at WeChat cannot
 * push a step into the future (and every other step out of its grace); a scan that
 * reaches the matcher late (held, lag, failover) is late in the funnel too, and counted
 * while its window's grace lasts;</li>
 * <li>an EXPIRED result: at its {@code decidedAt} (there is no scan).</li>
 * </ul>
 * Tombstones, records the matcher dead-letters (undecodable) and UNKNOWN outcomes are no
 * step.
 */
final class FunnelSteps {

	private FunnelSteps() {
	}

	/**
	 * The step of a {@code wechat.qr-tickets} record.
	 * @param bytes the value as read
	 * @return STARTED, or nothing for a tombstone or an undecodable value
	 */
	static List<KeyValue<String, Timed>> ofTicket(byte[] bytes) {
		if (bytes == null) {
			return List.of();
		}
		QrTicket ticket;
		try {
			ticket = AvroSerdes.qrTicket().decode(bytes);
		}
		catch (SerializationException ex) {
			// the matcher dead-letters it
			return List.of();
		}
		return List.of(KeyValue.pair(ticket.getAccount(),
				new Timed(FunnelStep.of(FunnelStep.Kind.STARTED), ticket.getCreatedAt().toEpochMilli())));
	}

	/**
	 * The step of a login result.
	 * @param result the result
	 * @return its step, or nothing for an UNKNOWN outcome
	 */
	static List<KeyValue<String, Timed>> ofResult(LoginResult result) {
		if (result == null || result.getOutcome() == null) {
			return List.of();
		}
		long decidedAt = result.getDecidedAt().toEpochMilli();
		Instant scannedAt = result.getScannedAt();
		long scanTime = (scannedAt != null) ? Math.min(scannedAt.toEpochMilli(), decidedAt) : decidedAt;
		FunnelStep step = switch (result.getOutcome()) {
			case SUCCEEDED -> new FunnelStep(
					result.getNewFollower() ? FunnelStep.Kind.SUCCEEDED_NEW_FOLLOWER
							: FunnelStep.Kind.SUCCEEDED_EXISTING_FOLLOWER,
					(scannedAt != null) ? Math.max(0, scanTime - result.getCreatedAt().toEpochMilli()) : -1);
			case REJECTED -> FunnelStep.of(FunnelStep.Kind.REJECTED);
			case EXPIRED -> FunnelStep.of(FunnelStep.Kind.EXPIRED);
			default -> null;
		};
		if (step == null) {
			return List.of();
		}
		long at = (step.kind() == FunnelStep.Kind.EXPIRED) ? decidedAt : scanTime;
		return List.of(KeyValue.pair(result.getAccount(), new Timed(step, at)));
	}

	/**
	 * A step and its event time, before {@link EventTime} makes the time the record's
	 * timestamp.
	 *
	 * @param step the step
	 * @param at its event time, epoch millis
	 */
	record Timed(FunnelStep step, long at) {
	}

	/**
	 * Forwards each step with its event time as the record's timestamp, which the
	 * repartition topic keeps and the windows are chosen by.
	 */
	static final class EventTime implements Processor<String, Timed, String, FunnelStep> {

		private ProcessorContext<String, FunnelStep> context;

		@Override
		public void init(ProcessorContext<String, FunnelStep> context) {
			this.context = context;
		}

		@Override
		public void process(Record<String, Timed> record) {
			this.context.forward(record.withValue(record.value().step()).withTimestamp(record.value().at()));
		}

	}

}
