package io.saoma.schemas;

import java.util.List;
import java.util.stream.Stream;

import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails the build when a schema change would break a producer or consumer that is already
 * deployed: the current schema of every record published to a topic must be released (be
 * the newest file in its {@link SchemaHistory}) and be backward- and forward-compatible
 * with every earlier version.
 */
class SchemaCompatibilityTests {

	static Stream<Class<?>> publishedRecords() {
		return Stream.of(WechatEvent.class, QrTicket.class, LoginResult.class, LoginStatus.class,
				RedemptionRequest.class, LoginFunnel.class);
	}

	@ParameterizedTest
	@MethodSource("publishedRecords")
	void currentSchemaShouldBeTheNewestReleasedVersion(Class<?> record) {
		Schema current = SpecificData.get().getSchema(record);
		List<Schema> history = SchemaHistory.versions(current.getName());
		Schema newest = history.get(history.size() - 1);
		assertThat(SchemaNormalization.parsingFingerprint64(newest))
			.as("%s.avsc differs from history/%s/v%d.avsc: copy it there as v%d to release the change",
					current.getName(), current.getName(), history.size(), history.size() + 1)
			.isEqualTo(SchemaNormalization.parsingFingerprint64(current));
	}

	@ParameterizedTest
	@MethodSource("publishedRecords")
	void currentSchemaShouldReadRecordsOfEveryReleasedVersion(Class<?> record) {
		Schema current = SpecificData.get().getSchema(record);
		List<Schema> history = SchemaHistory.versions(current.getName());
		for (int i = 0; i < history.size(); i++) {
			assertCompatible(current, history.get(i), "backward: current reader, v" + (i + 1) + " writer");
		}
	}

	@ParameterizedTest
	@MethodSource("publishedRecords")
	void everyReleasedVersionShouldReadRecordsOfTheCurrentSchema(Class<?> record) {
		Schema current = SpecificData.get().getSchema(record);
		List<Schema> history = SchemaHistory.versions(current.getName());
		for (int i = 0; i < history.size(); i++) {
			assertCompatible(history.get(i), current, "forward: v" + (i + 1) + " reader, current writer");
		}
	}

	private static void assertCompatible(Schema reader, Schema writer, String direction) {
		SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
		assertThat(result.getType())
			.as("%s %s: %s", reader.getName(), direction,
					result.getResult()
						.getIncompatibilities()
						.stream()
						.map((problem) -> problem.getType() + " at " + problem.getLocation() + " ("
								+ problem.getMessage() + ")")
						.toList())
			.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
	}

}
