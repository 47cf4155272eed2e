package io.saoma.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.saoma.schemas.SchemaHistory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Which released version of a record's schema wrote a value, read from the fingerprint in
 * its single-object encoding header ({@code C3 01} then the 8-byte little-endian
 * CRC-64-AVRO of the writer schema). Shown on every line, so a person sees old and new
 * producers side by side instead of guessing from which fields are null.
 */
final class SchemaVersions {

	private final String recordName;

	private final Map<Long, String> versionByFingerprint = new HashMap<>();

	SchemaVersions(String recordName) {
		this.recordName = recordName;
		List<Schema> versions = SchemaHistory.versions(recordName);
		for (int i = 0; i < versions.size(); i++) {
			this.versionByFingerprint.put(SchemaNormalization.parsingFingerprint64(versions.get(i)),
					recordName + "/v" + (i + 1));
		}
	}

	/**
	 * The writer schema's version of an encoded value.
	 * @param bytes the value as stored
	 * @return {@code <Record>/v<n>}, or empty when the header is missing or the
	 * fingerprint is not a released version
	 */
	Optional<String> of(byte[] bytes) {
		if (bytes == null || bytes.length < 10 || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
			return Optional.empty();
		}
		long fingerprint = 0;
		for (int i = 9; i >= 2; i--) {
			fingerprint = (fingerprint << 8) | (bytes[i] & 0xFFL);
		}
		return Optional.ofNullable(this.versionByFingerprint.get(fingerprint));
	}

	String recordName() {
		return this.recordName;
	}

}
