package io.saoma.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes one JSON object per line and flushes it, so {@code | jq} and {@code | grep} see
 * each record as it arrives. Non-ASCII text (nicknames, message contents) is written as
 * is; the stream is UTF-8.
 */
final class JsonLines {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final PrintStream out;

	JsonLines(PrintStream out) {
		this.out = out;
	}

	/**
	 * Writes a line.
	 * @param json the object
	 * @return {@code false} once the reader has gone (a closed pipe, as after
	 * {@code | head}), so the tail stops
	 */
	boolean write(JsonNode json) {
		try {
			this.out.print(MAPPER.writeValueAsString(json) + "\n");
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write JSON", ex);
		}
		this.out.flush();
		return !this.out.checkError();
	}

}
