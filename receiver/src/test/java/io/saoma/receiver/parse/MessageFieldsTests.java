package io.saoma.receiver.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class MessageFieldsTests {

	@Test
	void shouldNumberRepeatedNamesFromTwo() throws MalformedPushException {
		MessageFields fields = new MessageFields();
		fields.add("a", "1");
		fields.add("b", "x");
		fields.add("a", "2");
		fields.add("a", "3");
		assertThat(fields.asMap()).containsExactly(entry("a", "1"), entry("b", "x"), entry("a[2]", "2"),
				entry("a[3]", "3"));
	}

	@Test
	void shouldNeverOverwriteALiteralNameThatLooksLikeASuffix() throws MalformedPushException {
		MessageFields fields = new MessageFields();
		fields.add("a", "1");
		fields.add("a[2]", "literal");
		fields.add("a", "2");
		assertThat(fields.asMap()).containsExactly(entry("a", "1"), entry("a[2]", "literal"), entry("a[3]", "2"));
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

}
