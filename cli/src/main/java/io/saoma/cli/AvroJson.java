package io.saoma.cli;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * A decoded Avro record as JSON a person reads and a script parses: the field names of
 * the current schema (so a line is the same whichever version wrote the record, a field a
 * version lacks showing its default), timestamps as ISO-8601, enums as their symbol,
 * bytes as Base64. Secrets are replaced by {@value #REDACTED}: the tail is a reading tool
 * and its output ends up in terminals and tickets.
 */
final class AvroJson {

	static final String REDACTED = "<redacted>";

	/**
	 * Fields never printed, as {@code <Record>.<field>}: the one-time login code (which,
	 * without a PKCE challenge, is enough to take over the login).
	 */
	private static final Set<String> SECRETS = Set.of("LoginStatus.code");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private AvroJson() {
	}

	/**
	 * Renders a record.
	 * @param record a decoded record
	 * @return a JSON object with one member per field, in schema order
	 */
	static ObjectNode of(IndexedRecord record) {
		ObjectNode json = NODES.objectNode();
		Schema schema = record.getSchema();
		for (Schema.Field field : schema.getFields()) {
			Object value = record.get(field.pos());
			if (value != null && SECRETS.contains(schema.getName() + "." + field.name())) {
				json.put(field.name(), REDACTED);
			}
			else {
				json.set(field.name(), value(value));
			}
		}
		return json;
	}

	private static JsonNode value(Object value) {
		if (value == null) {
			return NODES.nullNode();
		}
		if (value instanceof IndexedRecord record) {
			return of(record);
		}
		if (value instanceof Instant instant) {
			return NODES.textNode(instant.toString());
		}
		if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericContainer) {
			return NODES.textNode(value.toString());
		}
		if (value instanceof Boolean bool) {
			return NODES.booleanNode(bool);
		}
		if (value instanceof Integer number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Long number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Float number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Double number) {
			return NODES.numberNode(number);
		}
		if (value instanceof ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
		}
		if (value instanceof byte[] bytes) {
			return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
		}
		if (value instanceof Map<?, ?> map) {
			ObjectNode json = NODES.objectNode();
			map.forEach((key, item) -> json.set(String.valueOf(key), value(item)));
			return json;
		}
		if (value instanceof Collection<?> items) {
			ArrayNode json = NODES.arrayNode();
			items.forEach((item) -> json.add(value(item)));
			return json;
		}
		return NODES.textNode(value.toString());
	}

}
