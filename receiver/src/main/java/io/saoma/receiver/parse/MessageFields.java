package io.saoma.receiver.parse;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one WeChat message (or envelope) in document order, by name. Nested
 * elements are keyed by their path joined with {@code '.'}; a name seen again gets a
 * {@code [n]} suffix, so nothing is silently overwritten.
 * <p>
 * Collecting is linear in the input: the next suffix of a name comes from a per-name
 * counter (probing {@code [2]}, {@code [3]}, ... made k repetitions cost k²), and the
 * number of fields and the length of a name are capped (WeChat messages have fewer than
 * 50 fields with names under 64 characters), so a hostile body is refused early.
 */
public final class MessageFields {

	/** Most fields a message may have; WeChat's have fewer than 50. */
	public static final int MAX_FIELDS = 256;

	/**
	 * Longest field name, nested path included
	 * ({@code SendPicsInfo.PicList.item.PicMd5Sum} has 35).
	 */
	public static final int MAX_NAME_LENGTH = 128;

	/**
	 * Deepest nesting below the root ({@code SendPicsInfo/PicList/item/PicMd5Sum} is 4).
	 */
	public static final int MAX_DEPTH = 6;

	private final Map<String, String> fields = new LinkedHashMap<>();

	private final Map<String, Integer> lastSuffix = new HashMap<>();

	void add(String name, String value) throws MalformedPushException {
		if (name.length() > MAX_NAME_LENGTH) {
			throw new MalformedPushException("field name is longer than " + MAX_NAME_LENGTH + " characters");
		}
		if (this.fields.size() >= MAX_FIELDS) {
			throw new MalformedPushException("message has more than " + MAX_FIELDS + " fields");
		}
		String key = name;
		if (this.fields.containsKey(key)) {
			// the counter only grows, so all the probes for one name together cost at
			// most one per field
			int n = this.lastSuffix.getOrDefault(name, 1);
			do {
				n++;
				key = name + "[" + n + "]";
			}
			while (this.fields.containsKey(key));
			this.lastSuffix.put(name, n);
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
		return Collections.unmodifiableMap(this.fields);
	}

	/**
	 * Whether there are no fields at all.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.fields.isEmpty();
	}

}
