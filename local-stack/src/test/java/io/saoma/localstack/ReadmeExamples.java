package io.saoma.localstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The examples README.md gives for the local stack: its {@code bash} blocks that call the
 * stack on its standard ports, and the answers its comments show ({@code # {...}} or
 * {@code # data:{...}}), with "…" standing for what differs from run to run. Compares
 * what a block printed with what README shows: the same fields, and the same values
 * except where README elides them.
 */
final class ReadmeExamples {

	private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern STANDARD_PORT = Pattern.compile("localhost:(8080|8091|8092|8093)\\b");

	private static final Pattern SHOWN_ANSWER = Pattern.compile("^#\\s+(?:data:)?(\\{.*})\\s*$", Pattern.MULTILINE);

	private static final Pattern PRINTED_ANSWER = Pattern.compile("^(?:data:)?(\\{.*})\\s*$", Pattern.MULTILINE);

	private static final String ELIDED = "…";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ReadmeExamples() {
	}

	/**
	 * The bash blocks that call the local stack.
	 * @param readme the README's text
	 * @return the blocks, in README's order
	 */
	static List<String> stackBlocks(String readme) {
		List<String> blocks = new ArrayList<>();
		Matcher block = BASH_BLOCK.matcher(readme);
		while (block.find()) {
			if (STANDARD_PORT.matcher(block.group(1)).find()) {
				blocks.add(block.group(1));
			}
		}
		return blocks;
	}

	/**
	 * Points a text at a stack on other ports (tests run it on free ones).
	 * @param text a block
	 * @param ports where the stack listens
	 * @return the text with the standard ports replaced
	 */
	static String onPorts(String text, StackPorts ports) {
		StackPorts standard = StackPorts.standard();
		Map<String, Integer> actual = Map.of(Integer.toString(standard.page()), ports.page(),
				Integer.toString(standard.receiver()), ports.receiver(), Integer.toString(standard.loginProcessor()),
				ports.loginProcessor(), Integer.toString(standard.forwarder()), ports.forwarder());
		return STANDARD_PORT.matcher(text).replaceAll((match) -> "localhost:" + actual.get(match.group(1)));
	}

	/**
	 * The JSON answers a block's comments show.
	 * @param block a block
	 * @return the answers, in order
	 */
	static List<String> shownAnswers(String block) {
		return SHOWN_ANSWER.matcher(block).results().map((match) -> match.group(1)).toList();
	}

	/**
	 * The JSON answers a run of a block printed (a line of JSON, or an SSE {@code data:}
	 * line).
	 * @param output what the block printed
	 * @return the answers, in order
	 */
	static List<String> printedAnswers(String output) {
		return PRINTED_ANSWER.matcher(output).results().map((match) -> match.group(1)).toList();
	}

	/**
	 * How the printed answers differ from the shown ones.
	 * @param shown the answers README shows
	 * @param printed the answers a run printed
	 * @return one line per difference; empty when they agree
	 */
	static List<String> differences(List<String> shown, List<String> printed) {
		List<String> differences = new ArrayList<>();
		if (shown.size() != printed.size()) {
			differences
				.add("README shows " + shown.size() + " answers, the run printed " + printed.size() + ": " + printed);
		}
		for (int i = 0; i < Math.min(shown.size(), printed.size()); i++) {
			Map<String, JsonNode> expected = leaves(shown.get(i));
			Map<String, JsonNode> actual = leaves(printed.get(i));
			if (!expected.keySet().equals(actual.keySet())) {
				differences.add("answer " + (i + 1) + " has the fields " + actual.keySet() + ", README shows "
						+ expected.keySet());
				continue;
			}
			for (Map.Entry<String, JsonNode> field : expected.entrySet()) {
				if (!agrees(field.getValue(), actual.get(field.getKey()))) {
					differences.add("answer " + (i + 1) + " has " + field.getKey() + "=" + actual.get(field.getKey())
							+ ", README shows " + field.getValue());
				}
			}
		}
		return differences;
	}

	private static boolean agrees(JsonNode shown, JsonNode printed) {
		if (shown.isString() && shown.asString().contains(ELIDED)) {
			if (!printed.isString()) {
				return false;
			}
			String value = printed.asString();
			String prefix = shown.asString().substring(0, shown.asString().indexOf(ELIDED));
			String suffix = shown.asString().substring(shown.asString().indexOf(ELIDED) + ELIDED.length());
			return value.length() > prefix.length() + suffix.length() && value.startsWith(prefix)
					&& value.endsWith(suffix);
		}
		return shown.equals(printed);
	}

	private static Map<String, JsonNode> leaves(String json) {
		Map<String, JsonNode> leaves = new LinkedHashMap<>();
		collect("", JSON.readTree(json), leaves);
		return leaves;
	}

	private static void collect(String path, JsonNode node, Map<String, JsonNode> leaves) {
		if (node.isObject()) {
			node.properties()
				.forEach((field) -> collect(path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
						field.getValue(), leaves));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(path + "[" + i + "]", node.get(i), leaves);
			}
		}
		else {
			leaves.put(path, node);
		}
	}

}
