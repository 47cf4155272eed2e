package io.saoma.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one {@link KafkaBrokerProcess}: data, configuration, launch arguments and
 * the child's log. Keeping them in one directory lets a restart reuse the data and lets a
 * failure message point at a single place to look.
 */
record BrokerWorkDir(Path root) {

	static BrokerWorkDir createTemporary() {
		try {
			BrokerWorkDir workDir = new BrokerWorkDir(Files.createTempDirectory("kafka-broker-"));
			Files.createDirectories(workDir.dataDir());
			return workDir;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not create a work directory for the Kafka broker", e);
		}
	}

	Path dataDir() {
		return root.resolve("data");
	}

	Path serverProperties() {
		return root.resolve("server.properties");
	}

	Path argumentFile() {
		return root.resolve("jvm.args");
	}

	Path logFile() {
		return root.resolve("broker.log");
	}

	/** The last {@code lines} lines of the broker log, for failure messages. */
	String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
			return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException e) {
			return "(no broker log: " + e.getMessage() + ")";
		}
	}

	void delete() {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not delete " + root, e);
		}
	}
}
