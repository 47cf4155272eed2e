package io.saoma.loginprocessor.topology;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One step of one login on its way to the funnel's windows, keyed by account in the
 * {@code funnel-by-account} repartition topic; the record's timestamp is the step's event
 * time ({@link FunnelSteps}).
 *
 * @param kind what happened
 * @param timeToScanMillis {@code scannedAt - createdAt} of a SUCCEEDED login, else
 * {@code -1}
 */
public record FunnelStep(Kind kind, long timeToScanMillis) {

	/**
	 * The repartition topic's format, nine bytes: the kind's {@link Kind#code} and the
	 * time to scan (big-endian long).
	 */
	public static final Serde<FunnelStep> SERDE = Serdes.serdeFrom(new StepSerializer(), new StepDeserializer());

	static FunnelStep of(Kind kind) {
		return new FunnelStep(kind, -1);
	}

	/**
	 * The steps the funnel counts. The codes are the repartition topic's format: never
	 * change or reuse one.
	 */
	public enum Kind {

		/** A login started (a QR ticket created). */
		STARTED(1),
		/** A scan logged in a user who followed the account with it. */
		SUCCEEDED_NEW_FOLLOWER(2),
		/** A scan logged in a user who already followed the account. */
		SUCCEEDED_EXISTING_FOLLOWER(3),
		/** Nobody scanned in time. */
		EXPIRED(4),
		/** A scan was refused. */
		REJECTED(5);

		private final byte code;

		Kind(int code) {
			this.code = (byte) code;
		}

		byte code() {
			return this.code;
		}

		static Kind of(byte code) {
			for (Kind kind : values()) {
				if (kind.code == code) {
					return kind;
				}
			}
			return null;
		}

	}

	private static final class StepSerializer implements Serializer<FunnelStep> {

		@Override
		public byte[] serialize(String topic, FunnelStep step) {
			if (step == null) {
				return null;
			}
			return ByteBuffer.allocate(9).put(step.kind().code()).putLong(step.timeToScanMillis()).array();
		}

	}

	private static final class StepDeserializer implements Deserializer<FunnelStep> {

		@Override
		public FunnelStep deserialize(String topic, byte[] bytes) {
			if (bytes == null) {
				return null;
			}
			if (bytes.length != 9) {
				throw new SerializationException("A funnel step has 9 bytes, not " + bytes.length);
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			Kind kind = Kind.of(buffer.get());
			if (kind == null) {
				throw new SerializationException("Unknown funnel step " + bytes[0]);
			}
			return new FunnelStep(kind, buffer.getLong());
		}

	}

}
