package io.saoma.cli;

import java.util.function.Function;

import io.saoma.schemas.AvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * How the tail reads one topic: the serde of its values (which decodes every released
 * schema version), what a record's account and type are for {@code --account},
 * {@code --type} and {@code --count}, and what the type is called there.
 *
 * @param serde decodes a value
 * @param versions names the writer schema version of a value
 * @param type a record's type (event or MsgType, outcome, state), or {@code null}
 * @param typeLabel what the type is called in a {@code --count} summary: {@code type},
 * {@code outcome}, {@code state}
 */
record TopicFormat(AvroSerde<? extends SpecificRecord> serde, SchemaVersions versions,
		Function<SpecificRecord, String> type, String typeLabel) {

	/**
	 * The account of a record, for every record type that has one.
	 * @param record a decoded value
	 * @return its {@code account} field, or {@code null}
	 */
	static String account(SpecificRecord record) {
		Schema.Field field = record.getSchema().getField("account");
		if (field == null) {
			return null;
		}
		Object account = record.get(field.pos());
		return (account != null) ? account.toString() : null;
	}

}
