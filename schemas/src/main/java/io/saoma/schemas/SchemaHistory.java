package io.saoma.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Every released version of a record's schema, kept on the classpath as
 * {@code io/saoma/schemas/history/<RecordName>/v1.avsc, v2.avsc, ...}. Without a registry
 * server this is what lets a consumer decode records written by any earlier producer.
 * Releasing a schema change means adding the next version file;
 * {@code SchemaCompatibilityTests} fails the build if it is not compatible both ways with
 * every earlier one.
 */
public final class SchemaHistory {

	private static final String ROOT = "history/";

	private SchemaHistory() {
	}

	/**
	 * Loads all released versions of a record's schema, oldest first.
	 * @param recordName the simple name of the record, e.g. {@code WechatEvent}
	 * @return the schemas of v1, v2, ... in order
	 * @throws IllegalStateException if not even v1 exists
	 */
	public static List<Schema> versions(String recordName) {
		List<Schema> versions = new ArrayList<>();
		for (int version = 1;; version++) {
			String resource = ROOT + recordName + "/v" + version + ".avsc";
			try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
				if (in == null) {
					break;
				}
				versions.add(new Schema.Parser().parse(in));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read schema " + resource, ex);
			}
		}
		if (versions.isEmpty()) {
			throw new IllegalStateException("No released schema for record " + recordName + " under "
					+ SchemaHistory.class.getPackageName().replace('.', '/') + "/" + ROOT + recordName);
		}
		return List.copyOf(versions);
	}

}
