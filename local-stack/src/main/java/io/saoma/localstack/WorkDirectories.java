package io.saoma.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what the local stack kept on disk (Kafka Streams state), so a run leaves
 * nothing behind.
 */
final class WorkDirectories {

	private static final Logger logger = LoggerFactory.getLogger(WorkDirectories.class);

	private WorkDirectories() {
	}

	static void delete(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete the local stack's work directory {}: {}", root, ex.toString());
		}
	}

}
