package io.saoma.localstack.monitoring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.saoma.localstack.monitoring.MonitoringFiles.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/grafana/dashboards/saoma.json}: a dashboard Grafana imports or provisions
 * as it is, with the panels operators need, whose queries are valid PromQL. That every
 * metric it reads exists is checked against the running services in
 * {@code MonitoringMetricsIT}.
 */
class GrafanaDashboardTests {

	private static final String DATASOURCE = "${DS_PROMETHEUS}";

	@Test
	void shouldUseARecentSchemaAndTheDatasourceAsAVariable() {
		JsonNode dashboard = MonitoringFiles.dashboard();
		assertThat(dashboard.path("uid").asString()).isEqualTo("saoma-operations");
		assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion").isGreaterThanOrEqualTo(36);
		JsonNode variable = variable(dashboard, "DS_PROMETHEUS");
		assertThat(variable.path("type").asString()).isEqualTo("datasource");
		assertThat(variable.path("query").asString()).isEqualTo("prometheus");
		List<JsonNode> panels = panels(dashboard.path("panels"));
		assertThat(panels).isNotEmpty();
		for (JsonNode panel : panels) {
			String title = panel.path("title").asString();
			assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
			assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
				assertThat(target.path("expr").asString()).as(title + " expr").isNotBlank();
			}
		}
		assertThat(variable(dashboard, "account").path("datasource").path("uid").asString()).isEqualTo(DATASOURCE);
	}

	@Test
	void shouldShowWhatOperatorsWatch() {
		List<String> titles = panels(MonitoringFiles.dashboard().path("panels")).stream()
			.map((panel) -> panel.path("title").asString())
			.toList();
		assertThat(titles).contains("Pushes by outcome and account", "Receiver latency (accepted pushes)",
				"Consumer lag per stage", "Login results", "Login funnel (dashboard range)", "Relay outcomes",
				"Relay circuit state", "Dead letters", "WeChat access-token refreshes");
	}

	@Test
	void shouldHaveOnlyQueriesPromtoolParses(@TempDir Path temp) throws Exception {
		List<Query> queries = MonitoringFiles.dashboardQueries();
		List<String> lines = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
		for (int i = 0; i < queries.size(); i++) {
			lines.add("      - record: dashboard:query_" + i);
			lines.add("        expr: '" + withGrafanasValues(queries.get(i).expr()).replace("'", "''") + "'");
		}
		Files.write(temp.resolve("dashboard-rules.yml"), lines, StandardCharsets.UTF_8);
		Promtool.Result result = Promtool.run(temp, "check", "rules", "dashboard-rules.yml");
		assertThat(result.exitCode()).as("%s%nof the queries%n%s", result.output(), String.join("\n", lines)).isZero();
		assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
	}

	/** What Grafana puts in place of its variables before it sends a query. */
	private static String withGrafanasValues(String expr) {
		return expr.replace("$__rate_interval", "1m").replace("$__range", "6h").replace("$account", ".*");
	}

	private static JsonNode variable(JsonNode dashboard, String name) {
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("name").asString().equals(name)) {
				return variable;
			}
		}
		throw new AssertionError("no variable " + name);
	}

	/** The panels that query, rows' nested panels included. */
	private static List<JsonNode> panels(JsonNode panels) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode panel : panels) {
			if (panel.path("type").asString().equals("row")) {
				found.addAll(panels(panel.path("panels")));
			}
			else {
				found.add(panel);
			}
		}
		return found;
	}

}
