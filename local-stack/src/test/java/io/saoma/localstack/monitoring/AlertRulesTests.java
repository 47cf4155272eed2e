package io.saoma.localstack.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.saoma.localstack.monitoring.MonitoringFiles.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/prometheus}: promtool accepts the configuration and the rules, the rules'
 * unit tests pass, and no alert is without a test that fires it and one that keeps it
 * silent, or without its runbook in {@code deploy/README.md}. promtool comes with
 * Debian's {@code prometheus} package ({@code .ci/run} installs it); without it these
 * tests fail.
 */
class AlertRulesTests {

	@Test
	void shouldPassPromtoolCheckRules() throws Exception {
		Promtool.Result result = Promtool.run(MonitoringFiles.PROMETHEUS, "check", "rules", "alerts.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + MonitoringFiles.rules().size() + " rules found");
	}

	@Test
	void shouldPassPromtoolCheckConfigWithTheAlertRules() throws Exception {
		Promtool.Result result = Promtool.run(MonitoringFiles.PROMETHEUS, "check", "config", "prometheus.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).as("the rule file is found and checked").contains("1 rule files found");
	}

	@Test
	void shouldPassEveryPromtoolUnitTestOfTheRules() throws Exception {
		Promtool.Result result = Promtool.run(MonitoringFiles.PROMETHEUS, "test", "rules", "alerts-tests.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void shouldTestEveryAlertBothFiringAndSilent() {
		Map<String, List<Boolean>> tested = MonitoringFiles.testedAlerts();
		List<String> alerts = MonitoringFiles.alerts().stream().map(Rule::alert).toList();
		assertThat(alerts).as("alerts of alerts.yml").hasSizeGreaterThanOrEqualTo(6).doesNotHaveDuplicates();
		assertThat(tested.keySet()).as("alerts that alerts-tests.yml evaluates").containsAll(alerts);
		assertThat(alerts).as("alerts-tests.yml names no alert that alerts.yml lacks").containsAll(tested.keySet());
		for (String alert : alerts) {
			assertThat(tested.get(alert)).as("%s: a case that fires it and one that stays silent", alert)
				.contains(true, false);
		}
	}

	@Test
	void shouldGiveEveryAlertADurationASeverityAndARunbookSectionOfTheDeployReadme() throws IOException {
		Set<String> anchors = Files.readString(MonitoringFiles.DEPLOY_README, StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.startsWith("#"))
			.map(AlertRulesTests::anchor)
			.collect(Collectors.toSet());
		for (Rule alert : MonitoringFiles.alerts()) {
			assertThat(alert.forDuration()).as(alert.alert() + " for").isNotBlank();
			assertThat(alert.labels()).as(alert.alert() + " labels").containsKey("severity");
			assertThat(String.valueOf(alert.labels().get("severity"))).as(alert.alert() + " severity")
				.isIn("warning", "critical");
			assertThat(alert.annotations()).as(alert.alert() + " annotations").containsKeys("summary", "runbook");
			String runbook = String.valueOf(alert.annotations().get("runbook"));
			assertThat(runbook).as(alert.alert() + " runbook").startsWith("deploy/README.md#");
			assertThat(anchors).as("headings of deploy/README.md")
				.contains(runbook.substring(runbook.indexOf('#') + 1));
		}
	}

	/** GitHub's anchor of a Markdown heading. */
	private static String anchor(String heading) {
		return heading.replaceFirst("^#+\\s*", "")
			.trim()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^\\p{L}\\p{N} _-]", "")
			.replace(' ', '-');
	}

}
