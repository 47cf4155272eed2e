package io.saoma.localstack.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Prometheus's {@code promtool}. Missing, it fails the test rather than skipping it:
 * the alert rules would otherwise go unchecked in a build that looks green.
 */
final class Promtool {

	private Promtool() {
	}

	record Result(int exitCode, String output) {
	}

	/**
	 * Runs {@code promtool} with these arguments in a directory.
	 * @param directory the working directory (relative paths of rule files resolve there)
	 * @param arguments e.g. {@code check rules alerts.yml}
	 * @return its exit code and output (stdout and stderr)
	 */
	static Result run(Path directory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(binary().toString());
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("promtool", ".out");
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("%s did not finish within 60 s", String.join(" ", command));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static Path binary() {
		List<String> directories = new ArrayList<>(List.of("/usr/bin"));
		directories.addAll(List.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
		return require(find(directories));
	}

	/**
	 * The first executable {@code promtool} in these directories.
	 * @param directories where to look, in order
	 * @return it, if any
	 */
	static Optional<Path> find(List<String> directories) {
		return directories.stream()
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Fails the test, saying what to install, unless promtool was found.
	 * @param found what {@link #find} found
	 * @return its path
	 */
	static Path require(Optional<Path> found) {
		if (found.isEmpty()) {
			fail("promtool is not installed: install Debian's prometheus package (apt-get install prometheus), "
					+ "which .ci/run installs; the alert rules are not checked without it");
		}
		return found.get();
	}

}
