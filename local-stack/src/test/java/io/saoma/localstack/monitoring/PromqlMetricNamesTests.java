package io.saoma.localstack.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlMetricNamesTests {

	@Test
	void shouldFindTheNameBeforeItsLabelMatchersAndRange() {
		assertThat(PromqlMetricNames
			.of("sum by (account, outcome) (rate(wechat_receiver_pushes_seconds_count{account=~\"$account\"}[$__rate_interval]))"))
			.containsExactly("wechat_receiver_pushes_seconds_count");
	}

	@Test
	void shouldFindABareNameAndSkipNumbersAndComparisons() {
		assertThat(PromqlMetricNames.of("wechat_receiver_sends_pending > 0.5e1 and up == 1"))
			.containsExactly("wechat_receiver_sends_pending", "up");
	}

	@Test
	void shouldSkipFunctionsAggregationsAndTheLabelListsOfGroupingAndMatching() {
		assertThat(PromqlMetricNames.of("""
				sum by (account) (increase(login_tickets_total[15m])) >= 10
				  unless on (account)
				sum without (instance, job) (increase(login_results_total{outcome="succeeded"}[15m])) > 0
				""")).containsExactly("login_tickets_total", "login_results_total");
		assertThat(PromqlMetricNames.of("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))"))
			.containsExactly("x_bucket");
		assertThat(PromqlMetricNames.of("a * on (job) group_left (version) b")).containsExactly("a", "b");
	}

	@Test
	void shouldSkipTheArgumentsOfLabelReplaceThatAreStrings() {
		assertThat(PromqlMetricNames
			.of("label_replace(kafka_consumer_fetch_manager_records_lag{client_id!~\".*restore-consumer\"} >= 0, \"stage\", \"$1\", \"client_id\", \"consumer-(saoma-.+)-[0-9]+\")"))
			.containsExactly("kafka_consumer_fetch_manager_records_lag");
	}

	@Test
	void shouldSkipOffsetsAndSubqueriesButKeepRecordedNames() {
		assertThat(PromqlMetricNames
			.of("(x unless x offset 10m) or deriv(saoma:consumer_lag:sum[10m:1m]) > 0 or y @ start()"))
			.containsExactly("x", "saoma:consumer_lag:sum", "y");
	}

	@Test
	void shouldTreatAnIdentifierBeforeAParenthesisAsAFunctionEvenAcrossWhitespace() {
		assertThat(PromqlMetricNames.of("max by (name) (resilience4j_circuitbreaker_state{state=\"open\"} * 2)"))
			.containsExactly("resilience4j_circuitbreaker_state");
		assertThat(PromqlMetricNames.of("absent (foo)")).containsExactly("foo");
	}

}
