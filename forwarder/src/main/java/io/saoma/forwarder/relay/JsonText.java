package io.saoma.forwarder.relay;

/**
 * JSON string literals exactly as JavaScript's {@code JSON.stringify} writes them,
 * because Authing's relay demo is a Node application and its requests are what Authing's
 * endpoint is known to accept: {@code "} and {@code \} escaped, {@code \b \f \n \r \t}
 * short, other control characters as lower-case {@code \}{@code u00xx}, lone surrogates
 * escaped, everything else (including {@code /} and non-ASCII) as is.
 */
final class JsonText {

	private JsonText() {
	}

	static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		int plain = plainPrefix(value);
		json.append(value, 0, plain);
		for (int i = plain; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || isLoneSurrogate(value, i)) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	/**
	 * How many characters at the start need no escape (all of a Base64 ciphertext), so
	 * that they are appended at once.
	 */
	private static int plainPrefix(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
				return i;
			}
		}
		return value.length();
	}

	private static boolean isLoneSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
		}
		return false;
	}

}
