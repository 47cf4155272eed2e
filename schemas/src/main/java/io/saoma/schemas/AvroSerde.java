package io.saoma.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record using Avro single-object encoding
 * ({@code C3 01}, the 8-byte schema fingerprint, then the binary body), so no registry
 * server is needed. It writes with the current schema and reads records written with the
 * current or any {@link SchemaHistory released} schema. Thread-safe.
 *
 * @param <T> the generated record type
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

	private final Class<T> type;

	private final BinaryMessageEncoder<T> encoder;

	private final BinaryMessageDecoder<T> decoder;

	AvroSerde(Class<T> type, Schema current, List<Schema> history) {
		SpecificData model = SpecificData.getForClass(type);
		this.type = type;
		this.encoder = new BinaryMessageEncoder<>(model, current);
		this.decoder = new BinaryMessageDecoder<>(model, current);
		history.forEach(this.decoder::addSchema);
	}

	/**
	 * Creates the serde of a generated record, reading every version in its
	 * {@link SchemaHistory}.
	 * @param <T> the record type
	 * @param type the generated class
	 * @return the serde
	 */
	public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
		Schema current = SpecificData.get().getSchema(type);
		return new AvroSerde<>(type, current, SchemaHistory.versions(current.getName()));
	}

	/**
	 * Encodes one record.
	 * @param record the record, or {@code null} for a tombstone
	 * @return the single-object encoding, or {@code null}
	 */
	public byte[] encode(T record) {
		if (record == null) {
			return null;
		}
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream(512);
			this.encoder.encode(record, out);
			return out.toByteArray();
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException("Cannot encode " + this.type.getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Decodes one record written with the current or any released schema.
	 * @param bytes the single-object encoding, or {@code null} for a tombstone
	 * @return the record, or {@code null}
	 * @throws SerializationException if the bytes are not a record of a known schema
	 */
	public T decode(byte[] bytes) {
		if (bytes == null) {
			return null;
		}
		try {
			return this.decoder.decode(bytes);
		}
		catch (IOException | RuntimeException ex) {
			throw new SerializationException("Cannot decode " + this.type.getSimpleName() + " (" + bytes.length
					+ " bytes): " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public Serializer<T> serializer() {
		return (topic, data) -> encode(data);
	}

	@Override
	public Deserializer<T> deserializer() {
		return (topic, data) -> decode(data);
	}

}
