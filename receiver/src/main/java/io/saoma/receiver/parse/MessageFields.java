package io.saoma.receiver.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one WeChat message (or envelope) in document order, by name. Nested elements are keyed by their path
 * joined with {@code '.'}; a name seen again gets a {@code [n]} suffix, so nothing is silently overwritten.
 */
public final class MessageFields {

	private final Map<String, String> fields = new LinkedHashMap<>();

	void add(String name, String value) {
		String key = name;
		for (int n = 2; this.fields.containsKey(key); n++) {
			key = name + "[" + n + "]";
		}
		this.fields.put(key, value);
	}

	/**
	 * Returns a field's value.
	 * @param name the field name, e.g. {@code FromUserName}
	 * @return the value, or {@code null} if absent
	 */
	public String get(String name) {
		return this.fields.get(name);
	}

	/**
	 * Whether the message has any field other than the given ones.
	 * @param names the expected field names
	 * @return {@code true} if another field is present
	 */
	public boolean hasFieldsOtherThan(String... names) {
		int expected = 0;
		for (String name : names) {
			if (this.fields.containsKey(name)) {
				expected++;
			}
		}
		return this.fields.size() > expected;
	}

	/**
	 * The fields as a read-only map in document order.
	 * @return the fields
	 */
	public Map<String, String> asMap() {
		return java.util.Collections.unmodifiableMap(this.fields);
	}

	/**
	 * Whether there are no fields at all.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.fields.isEmpty();
	}

}
