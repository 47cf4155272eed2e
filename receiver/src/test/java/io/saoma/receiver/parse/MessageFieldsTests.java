package io.saoma.receiver.parse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class MessageFieldsTests {

	@Test
	void shouldNumberRepeatedNamesFromTwo() throws MalformedPushException {
		assertThat(added("a", "1", "b", "x", "a", "2", "a", "3")).containsExactly(entry("a", "1"), entry("b", "x"),
				entry("a[2]", "2"), entry("a[3]", "3"));
	}

	@Test
	void shouldNeverOverwriteALiteralNameThatLooksLikeASuffix() throws MalformedPushException {
		assertThat(added("a", "1", "a[2]", "literal", "a", "2")).containsExactly(entry("a", "1"),
				entry("a[2]", "literal"), entry("a[3]", "2"));
	}

	@Test
	void shouldRefuseMoreFieldsThanTheCap() throws MalformedPushException {
		MessageFields fields = new MessageFields();
		for (int i = 0; i < MessageFields.MAX_FIELDS; i++) {
			fields.add("A", "");
		}
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> fields.add("A", ""))
			.withMessage("message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldRefuseALongName() {
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> new MessageFields().add("n".repeat(MessageFields.MAX_NAME_LENGTH + 1), ""))
			.withMessage("field name is longer than " + MessageFields.MAX_NAME_LENGTH + " characters");
	}

	/** The fields after adding these names and values in turn. */
	private static Map<String, String> added(String... namesAndValues) throws MalformedPushException {
		MessageFields fields = new MessageFields();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields.asMap();
	}

}
