package io.saoma.receiver.parse;

import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a WeChat JSON message (the console's JSON data format) into the same
 * {@link MessageFields} as the XML reader: scalars as their text
 * ({@code "CreateTime": 1714112445} becomes {@code "1714112445"}), nested objects keyed
 * by path, array items repeat their name (so get the same {@code [n]} suffixes as
 * repeated XML elements). Streaming, with bounded nesting, field count and name length;
 * every parser failure, checked or not, is a {@link MalformedPushException}.
 */
public final class JsonMessageReader {

	/**
	 * Objects and arrays, the root included: {@code SendPicsInfo.PicList[].{PicMd5Sum}}
	 * needs 4.
	 */
	private static final int MAX_DEPTH = 8;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
		.build();

	private JsonMessageReader() {
	}

	/**
	 * Reads a JSON object.
	 * @param json the bytes
	 * @param offset where the JSON starts
	 * @param length how many bytes
	 * @return the fields
	 * @throws MalformedPushException if it is not a single well-formed JSON object
	 */
	public static MessageFields read(byte[] json, int offset, int length) throws MalformedPushException {
		return read(() -> FACTORY.createParser(json, offset, length));
	}

	/**
	 * Reads a JSON object from text.
	 * @param json the text
	 * @return the fields
	 * @throws MalformedPushException if it is not a single well-formed JSON object
	 */
	public static MessageFields read(String json) throws MalformedPushException {
		return read(() -> FACTORY.createParser(json));
	}

	/**
	 * Opens the parser and reads the object; every parser failure, from opening to the
	 * end, becomes a {@link MalformedPushException}.
	 */
	private static MessageFields read(Supplier<JsonParser> source) throws MalformedPushException {
		try (JsonParser parser = source.get()) {
			return readMessage(parser);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
		catch (RuntimeException ex) {
			throw new MalformedPushException("malformed JSON");
		}
	}

	private static MessageFields readMessage(JsonParser parser) throws MalformedPushException {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw new MalformedPushException("JSON message must be an object");
		}
		MessageFields fields = new MessageFields();
		readObject(parser, null, fields);
		if (parser.nextToken() != null) {
			throw new MalformedPushException("unexpected content after the JSON object");
		}
		if (fields.isEmpty()) {
			throw new MalformedPushException("JSON has no fields");
		}
		return fields;
	}

	private static void readObject(JsonParser parser, String prefix, MessageFields fields)
			throws MalformedPushException {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			if (field.length() > MessageFields.MAX_NAME_LENGTH) {
				throw new MalformedPushException(
						"field name is longer than " + MessageFields.MAX_NAME_LENGTH + " characters");
			}
			String name = (prefix != null) ? prefix + "." + field : field;
			readValue(parser, parser.nextToken(), name, fields);
		}
	}

	private static void readValue(JsonParser parser, JsonToken token, String name, MessageFields fields)
			throws MalformedPushException {
		if (token == null) {
			throw new MalformedPushException("JSON ends early");
		}
		switch (token) {
			case START_OBJECT -> readObject(parser, name, fields);
			case START_ARRAY -> {
				for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
					if (item == null) {
						throw new MalformedPushException("JSON ends early");
					}
					readValue(parser, item, name, fields);
				}
			}
			case VALUE_NULL -> {
			}
			default -> fields.add(name, parser.getString());
		}
	}

	private static MalformedPushException malformed(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			return new MalformedPushException(
					"malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr());
		}
		return new MalformedPushException("malformed JSON");
	}

}
