package io.saoma.localstack.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in monitoring files ({@code deploy/prometheus}, {@code deploy/grafana}) as
 * the tests read them: the rules of {@code alerts.yml}, the alerts its unit tests cover,
 * and the queries of the dashboard.
 */
final class MonitoringFiles {

	static final Path ROOT = repositoryRoot();

	static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");

	static final Path ALERTS = PROMETHEUS.resolve("alerts.yml");

	static final Path ALERT_TESTS = PROMETHEUS.resolve("alerts-tests.yml");

	static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");

	static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/saoma.json");

	static final Path DEPLOY_README = ROOT.resolve("deploy/README.md");

	private MonitoringFiles() {
	}

	/**
	 * A rule of {@code alerts.yml}.
	 *
	 * @param alert the alert's name, or {@code null} for a recording rule
	 * @param record the recorded name, or {@code null} for an alert
	 */
	record Rule(String alert, String record, String expr, String forDuration, Map<String, Object> labels,
			Map<String, Object> annotations) {
	}

	/** A query of the dashboard, with where it is. */
	record Query(String panel, String expr) {
	}

	static List<Rule> rules() {
		List<Rule> rules = new ArrayList<>();
		for (Object group : list(yaml(ALERTS).get("groups"))) {
			for (Object item : list(map(group).get("rules"))) {
				Map<String, Object> rule = map(item);
				rules.add(new Rule((String) rule.get("alert"), (String) rule.get("record"),
						String.valueOf(rule.get("expr")), (String) rule.get("for"), mapOrEmpty(rule.get("labels")),
						mapOrEmpty(rule.get("annotations"))));
			}
		}
		return rules;
	}

	static List<Rule> alerts() {
		return rules().stream().filter((rule) -> rule.alert() != null).toList();
	}

	/**
	 * The alerts that {@code alerts-tests.yml} evaluates, each with whether a case
	 * expects it to fire ({@code true}) and whether one expects silence ({@code false}).
	 */
	static Map<String, List<Boolean>> testedAlerts() {
		Map<String, List<Boolean>> tested = new LinkedHashMap<>();
		for (Object test : list(yaml(ALERT_TESTS).get("tests"))) {
			for (Object item : list(map(test).getOrDefault("alert_rule_test", List.of()))) {
				Map<String, Object> evaluation = map(item);
				boolean fires = !list(evaluation.getOrDefault("exp_alerts", List.of())).isEmpty();
				tested.computeIfAbsent(String.valueOf(evaluation.get("alertname")), (name) -> new ArrayList<>())
					.add(fires);
			}
		}
		return tested;
	}

	static JsonNode dashboard() {
		try {
			return JsonMapper.shared().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every target's {@code expr} of every panel, rows' nested panels included. */
	static List<Query> dashboardQueries() {
		List<Query> queries = new ArrayList<>();
		collect(dashboard().path("panels"), queries);
		return queries;
	}

	private static void collect(JsonNode panels, List<Query> queries) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query(panel.path("title").asString(), target.path("expr").asString()));
			}
			collect(panel.path("panels"), queries);
		}
	}

	static Map<String, Object> yaml(Path file) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		if (!(value instanceof Map)) {
			throw new IllegalStateException("expected a mapping, got " + value);
		}
		return (Map<String, Object>) value;
	}

	private static Map<String, Object> mapOrEmpty(Object value) {
		return (value == null) ? Map.of() : map(value);
	}

	static List<?> list(Object value) {
		if (!(value instanceof List<?> list)) {
			throw new IllegalStateException("expected a list, got " + value);
		}
		return list;
	}

	private static Path repositoryRoot() {
		// the tests run in local-stack/; the IDE may run them at the root
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("docker-compose.yml"))) {
				return directory;
			}
		}
		throw new IllegalStateException("No docker-compose.yml in " + Path.of("").toAbsolutePath() + " or above");
	}

}
