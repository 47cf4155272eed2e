package io.saoma.forwarder.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mirror's documented shape,
 * {@code docs/json-mirror/wechat-event-v1.schema.json} as published in the repository,
 * and a JSON Schema validator for it.
 */
final class JsonMirrorSchema {

	static final String FILE = "docs/json-mirror/wechat-event-v1.schema.json";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String text;

	private final Schema schema;

	private JsonMirrorSchema(String text) {
		this.text = text;
		this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(text, InputFormat.JSON);
	}

	static JsonMirrorSchema load() {
		try {
			return new JsonMirrorSchema(Files.readString(repositoryRoot().resolve(FILE)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Validates a record's value.
	 * @param json the value as published
	 * @return the violations, empty if it conforms
	 */
	List<String> violations(byte[] json) {
		List<String> violations = new ArrayList<>();
		for (Error error : this.schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON)) {
			violations.add(error.toString());
		}
		return violations;
	}

	/** The documented fields, in the order the file lists them. */
	List<String> properties() {
		List<String> names = new ArrayList<>();
		tree().get("properties").propertyNames().forEach(names::add);
		return names;
	}

	/** The fields the file says every object has. */
	List<String> required() {
		List<String> names = new ArrayList<>();
		tree().get("required").forEach((name) -> names.add(name.asString()));
		return names;
	}

	private JsonNode tree() {
		return MAPPER.readTree(this.text);
	}

	private static Path repositoryRoot() {
		// the tests run in forwarder/; the IDE may run them at the root
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve(FILE))) {
				return directory;
			}
		}
		throw new IllegalStateException("No " + FILE + " in " + Path.of("").toAbsolutePath() + " or above");
	}

}
