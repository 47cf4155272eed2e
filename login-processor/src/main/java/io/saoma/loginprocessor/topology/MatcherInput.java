package io.saoma.loginprocessor.topology;

import io.saoma.schemas.AvroSerdes;
import org.apache.avro.specific.SpecificRecord;

/**
 * A record on its way into the matcher, still as the bytes it was read as, so that the
 * matcher's guard can dead-letter it as it was if the matcher fails on it.
 *
 * @param kind what the bytes are
 * @param bytes the value as read, {@code null} for a tombstone
 */
record MatcherInput(Kind kind, byte[] bytes) {

	static MatcherInput ticket(byte[] bytes) {
		return new MatcherInput(Kind.TICKET, bytes);
	}

	static MatcherInput scan(byte[] bytes) {
		return new MatcherInput(Kind.SCAN, bytes);
	}

	/**
	 * Decodes the value.
	 * @return a {@link io.saoma.schemas.login.QrTicket} or a
	 * {@link io.saoma.schemas.event.WechatEvent}
	 * @throws org.apache.kafka.common.errors.SerializationException if the bytes are no
	 * such record
	 */
	SpecificRecord decode() {
		return (this.kind == Kind.TICKET) ? AvroSerdes.qrTicket().decode(this.bytes)
				: AvroSerdes.wechatEvent().decode(this.bytes);
	}

	enum Kind {

		/** A {@code wechat.qr-tickets} record. */
		TICKET("tickets"),
		/** A scan from the repartition topic. */
		SCAN("scans");

		private final String source;

		Kind(String source) {
			this.source = source;
		}

		/**
		 * The name of the source in metrics and logs.
		 * @return e.g. {@code tickets}
		 */
		String source() {
			return this.source;
		}

	}

}
