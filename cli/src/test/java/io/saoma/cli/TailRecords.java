package io.saoma.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.SchemaHistory;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * Values as the pipeline's producers wrote them, old and new: a {@code WechatEvent} with
 * the released v1 writer schema (before {@code dedupId}), with the current one, a
 * {@code LoginResult}.
 */
final class TailRecords {

	private TailRecords() {
	}

	/**
	 * A push encoded as a receiver of schema v1 wrote it.
	 * @param event the push (its dedupId is dropped, v1 has none)
	 * @return the single-object encoding with the v1 fingerprint
	 */
	static byte[] wechatEventV1(WechatEvent event) {
		Schema v1 = SchemaHistory.versions("WechatEvent").get(0);
		GenericRecord record = new GenericData.Record(v1);
		v1.getFields().forEach((field) -> record.put(field.name(), event.get(field.name())));
		// the generated class's model knows timestamp-millis (receivedAt is an Instant)
		BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(
				SpecificData.getForClass(WechatEvent.class), v1);
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			encoder.encode(record, out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A push encoded with the current schema.
	 * @param event the push
	 * @return the single-object encoding
	 */
	static byte[] wechatEventCurrent(WechatEvent event) {
		return AvroSerdes.wechatEvent().encode(event);
	}

	/**
	 * A login outcome.
	 * @param account the account id
	 * @param outcome what was decided
	 * @param decidedAt when
	 * @return the outcome
	 */
	static LoginResult loginResult(String account, LoginOutcome outcome, Instant decidedAt) {
		boolean scanned = outcome != LoginOutcome.EXPIRED;
		return LoginResult.newBuilder()
			.setLoginId(UUID.randomUUID().toString())
			.setAccount(account)
			.setAppId("wxba5fad812f8e6fb9")
			.setOutcome(outcome)
			.setOpenId(scanned ? "o-user" : null)
			.setNewFollower(false)
			.setScene("scene-" + UUID.randomUUID())
			.setTicket("TICKET-" + UUID.randomUUID())
			.setCreatedAt(decidedAt.minusSeconds(30))
			.setExpiresAt(decidedAt.plusSeconds(270))
			.setScannedAt(scanned ? decidedAt.minusSeconds(1) : null)
			.setDecidedAt(decidedAt)
			.setScanEventId(scanned ? UUID.randomUUID().toString() : null)
			.setReason((outcome == LoginOutcome.REJECTED) ? "ticket already used" : null)
			.build();
	}

}
