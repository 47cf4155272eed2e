package io.saoma.forwarder.relay;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay body's fast paths give what their plain definitions give: xml2js's
 * white-space normalization as the regular expression it is, and {@code JSON.stringify}'s
 * string escaping character by character.
 */
class AuthingDemoBodyPropertiesTests {

	@Property(tries = 2000)
	void shouldNormalizeTextAsTheRegularExpressionDoes(@ForAll("textWithWhiteSpace") String text) {
		assertThat(AuthingDemoBody.normalize(text)).isEqualTo(text.strip().replaceAll("\\s{2,}", " ").strip());
	}

	@Property(tries = 2000)
	void shouldEscapeAsJsonStringifyDoesOneCharacterAtATime(@ForAll("textToEscape") String text) {
		assertThat(JsonText.string(new StringBuilder(), text).toString()).isEqualTo(stringify(text));
	}

	@Provide
	Arbitrary<String> textWithWhiteSpace() {
		return Arbitraries.strings()
			.withChars(' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u2003', 'a', 'Z', '你')
			.ofMaxLength(40);
	}

	@Provide
	Arbitrary<String> textToEscape() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
				Arbitraries.strings()
					.withChars('A', '+', '/', '=', '"', '\\', '\n', '\u0001', '\u001f', '\ud800', '\udc00', '你')
					.ofMaxLength(40));
	}

	/** {@code JSON.stringify} of a string, one character at a time. */
	private static String stringify(String value) {
		StringBuilder json = new StringBuilder("\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean lone = (Character.isHighSurrogate(c)
					&& (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))))
					|| (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))));
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> json.append((c < 0x20 || lone) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		return json.append('"').toString();
	}

}
