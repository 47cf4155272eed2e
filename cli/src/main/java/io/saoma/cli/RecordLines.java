package io.saoma.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One output line per record: where it is ({@code topic}, {@code partition},
 * {@code offset}), its Kafka {@code timestamp} (ISO-8601) and {@code key}, the writer
 * {@code schema} version, and the decoded {@code value} ({@code null} for a tombstone). A
 * record that does not decode gets the same location members and an {@code error}
 * instead, so one bad record neither stops the tail nor goes unnoticed.
 */
final class RecordLines {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private RecordLines() {
	}

	/**
	 * The line of a decoded record.
	 * @param record the record as read
	 * @param schema the writer schema version, or {@code null} for a tombstone
	 * @param value the decoded value, or {@code null} for a tombstone
	 * @return the line
	 */
	static ObjectNode decoded(ConsumerRecord<byte[], byte[]> record, String schema, SpecificRecord value) {
		ObjectNode line = location(record);
		line.put("schema", schema);
		if (value != null) {
			line.set("value", AvroJson.of(value));
		}
		else {
			line.putNull("value");
		}
		return line;
	}

	/**
	 * The line of a record that does not decode.
	 * @param record the record as read
	 * @param error why it does not decode
	 * @return the line
	 */
	static ObjectNode undecodable(ConsumerRecord<byte[], byte[]> record, String error) {
		ObjectNode line = location(record);
		line.put("valueBytes", (record.value() != null) ? record.value().length : 0);
		line.put("error", error);
		return line;
	}

	private static ObjectNode location(ConsumerRecord<byte[], byte[]> record) {
		ObjectNode line = NODES.objectNode();
		line.put("topic", record.topic());
		line.put("partition", record.partition());
		line.put("offset", record.offset());
		line.put("timestamp", (record.timestamp() >= 0) ? Instant.ofEpochMilli(record.timestamp()).toString() : null);
		line.put("key", (record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : null);
		return line;
	}

}
