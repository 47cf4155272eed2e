package io.saoma.localstack;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check that keeps README's examples true catches what a reader would trip over: a
 * field README shows that the answer lacks, a value that differs, an answer too many or
 * too few.
 */
class ReadmeExamplesTests {

	private static final String README = """
			Intro.

			```bash
			login=$(curl -s localhost:8092/api/qr-logins -d '{"account": "demo"}')
			echo "$login"
			# {"loginId":"…","qrImageUrl":"http://localhost:8080/show?ticket=…","status":"PENDING","attempts":["success"]}
			# event:status
			# data:{"code":"…"}
			```

			```bash
			docker compose up -d
			```
			""";

	@Test
	void shouldFindOnlyTheBlocksThatCallTheLocalStack() {
		assertThat(ReadmeExamples.stackBlocks(README)).singleElement().asString().contains("curl -s localhost:8092");
	}

	@Test
	void shouldPointTheExamplesAtTheStacksPorts() {
		String block = ReadmeExamples.stackBlocks(README).get(0);
		String moved = ReadmeExamples.onPorts(block, new StackPorts(StackPorts.LOOPBACK, 1080, 1091, 1092, 1093));
		assertThat(moved).contains("localhost:1092/api/qr-logins", "http://localhost:1080/show").doesNotContain("8092");
	}

	@Test
	void shouldAcceptAnAnswerOfTheShownShapeWithOtherValuesWhereReadmeElidesThem() {
		List<String> shown = ReadmeExamples.shownAnswers(ReadmeExamples.stackBlocks(README).get(0));
		List<String> printed = ReadmeExamples.printedAnswers(
				"""
						{"loginId":"abc","qrImageUrl":"http://localhost:8080/show?ticket=T1","status":"PENDING","attempts":["success"]}
						id:17
						event:status
						data:{"code":"xyz"}
						""");
		assertThat(shown).hasSize(2);
		assertThat(ReadmeExamples.differences(shown, printed)).isEmpty();
	}

	@Test
	void shouldReportAMissingFieldAnotherValueAndAMissingAnswer() {
		List<String> shown = ReadmeExamples.shownAnswers(ReadmeExamples.stackBlocks(README).get(0));
		assertThat(ReadmeExamples.differences(shown, List
			.of("{\"loginId\":\"abc\",\"qrImageUrl\":\"http://localhost:8080/show?ticket=T1\",\"status\":\"EXPIRED\",\"attempts\":[\"success\"]}")))
			.containsExactly("README shows 2 answers, the run printed 1: [{\"loginId\":\"abc\",\"qrImageUrl\":"
					+ "\"http://localhost:8080/show?ticket=T1\",\"status\":\"EXPIRED\",\"attempts\":[\"success\"]}]",
					"answer 1 has status=\"EXPIRED\", README shows \"PENDING\"");
		assertThat(ReadmeExamples.differences(List.of("{\"a\":1,\"b\":\"…\"}"), List.of("{\"a\":1}")))
			.containsExactly("answer 1 has the fields [a], README shows [a, b]");
	}

	@Test
	void shouldRefuseAnEmptyOrDifferentlyPrefixedValueWhereReadmeElidesIt() {
		assertThat(ReadmeExamples.differences(List.of("{\"u\":\"http://x/…\"}"), List.of("{\"u\":\"http://x/\"}")))
			.hasSize(1);
		assertThat(ReadmeExamples.differences(List.of("{\"u\":\"http://x/…\"}"), List.of("{\"u\":\"https://x/a\"}")))
			.hasSize(1);
		assertThat(ReadmeExamples.differences(List.of("{\"u\":\"…\"}"), List.of("{\"u\":null}"))).hasSize(1);
	}

}
