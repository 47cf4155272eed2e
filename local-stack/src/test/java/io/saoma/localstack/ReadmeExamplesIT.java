package io.saoma.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A newcomer copies README's examples into a terminal while the local stack runs: every
 * bash block of README.md that calls the stack runs here, as written (only the standard
 * ports are moved to the free ones this stack uses), with {@code set -euo pipefail}, and
 * must print answers of the shape its comments show.
 */
class ReadmeExamplesIT {

	private static final Path README = Path.of("..", "README.md");

	private static LocalStack stack;

	@BeforeAll
	static void start() {
		assumeTrue(onPath("curl") && onPath("jq") && onPath("openssl"),
				"curl, jq and openssl are not installed (.ci/run installs them)");
		stack = LocalStack.start(StackPorts.free(), StackSettings.simulated());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldRunEveryLocalStackExampleOfTheReadmeAndPrintWhatItShows(@TempDir Path workDir) throws Exception {
		List<String> blocks = ReadmeExamples.stackBlocks(Files.readString(README, StandardCharsets.UTF_8));
		assertThat(blocks).as("README's local stack examples").hasSizeGreaterThanOrEqualTo(2);
		for (String block : blocks) {
			String script = ReadmeExamples.onPorts(block, stack.ports());
			Run run = run(script, workDir);
			assertThat(run.exitCode())
				.as("exit code of\n%s\nstdout:\n%s\nstderr:\n%s", script, run.stdout(), run.stderr())
				.isZero();
			assertThat(ReadmeExamples.differences(ReadmeExamples.shownAnswers(script),
					ReadmeExamples.printedAnswers(run.stdout())))
				.as("what\n%s\nprinted:\n%s", script, run.stdout())
				.isEmpty();
		}
	}

	private static Run run(String script, Path workDir) throws IOException, InterruptedException {
		Path stdout = workDir.resolve("stdout.txt");
		Path stderr = workDir.resolve("stderr.txt");
		Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script).directory(workDir.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.start();
		if (!bash.waitFor(90, TimeUnit.SECONDS)) {
			bash.destroyForcibly();
			throw new AssertionError("still running after 90 s:\n" + script + "\nstdout:\n" + Files.readString(stdout));
		}
		return new Run(bash.exitValue(), Files.readString(stdout), Files.readString(stderr));
	}

	private static boolean onPath(String command) {
		return java.util.Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

	private record Run(int exitCode, String stdout, String stderr) {
	}

}
