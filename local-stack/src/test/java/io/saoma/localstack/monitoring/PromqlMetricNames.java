package io.saoma.localstack.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, so that a test can check that each is
 * exposed by a service: promtool parses expressions but cannot say which names they use.
 * A small lexer rather than a parser: it drops string literals, label matchers
 * ({@code {...}}), ranges and subqueries ({@code [...]}), Grafana's variables
 * ({@code $__rate_interval}, {@code ${account}}), label lists ({@code by (...)},
 * {@code on (...)}, ...) and {@code offset} durations, then takes every identifier that
 * is neither followed by {@code (} (a function or an aggregation with its argument) nor a
 * keyword or aggregation operator. Names given only as {@code {__name__="..."}} are not
 * seen.
 */
final class PromqlMetricNames {

	/** Strings in double, single or back quotes, with backslash escapes. */
	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern BRACES = Pattern.compile("\\{[^{}]*\\}");

	private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*\\]");

	private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");

	private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-zA-Z]+");

	private static final Pattern AT = Pattern.compile("@\\s*(start\\s*\\(\\s*\\)|end\\s*\\(\\s*\\)|[0-9.]+)");

	/**
	 * Numbers first (so that {@code 1e3} or {@code 0x1f} is no identifier), then names.
	 */
	private static final Pattern TOKEN = Pattern
		.compile("(?<number>0[xX][0-9a-fA-F]+|[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "inf", "nan", "atan2", "sum", "min", "max", "avg", "group", "stddev",
			"stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	private PromqlMetricNames() {
	}

	/**
	 * The metric names of an expression.
	 * @param expression PromQL, possibly with Grafana's variables
	 * @return the names in order of appearance
	 */
	static Set<String> of(String expression) {
		String text = STRING.matcher(expression).replaceAll(" ");
		text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
		text = BRACES.matcher(text).replaceAll(" ");
		text = BRACKETS.matcher(text).replaceAll(" ");
		text = LABEL_LIST.matcher(text).replaceAll(" ");
		text = OFFSET.matcher(text).replaceAll(" ");
		text = AT.matcher(text).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher token = TOKEN.matcher(text);
		while (token.find()) {
			String name = token.group("name");
			if (name == null || KEYWORDS.contains(name.toLowerCase()) || followedByParenthesis(text, token.end())) {
				continue;
			}
			names.add(name);
		}
		return names;
	}

	private static boolean followedByParenthesis(String text, int from) {
		int i = from;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i < text.length() && text.charAt(i) == '(';
	}

}
