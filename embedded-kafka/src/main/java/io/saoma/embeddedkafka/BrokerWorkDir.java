package io.saoma.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.util.FileSystemUtils;

/**
 * The files of one broker: data, configuration, launch arguments and log (a child
 * broker's output, or the storage formatter's). Keeping them in one directory lets a
 * restart reuse the data and lets a failure message point at a single place to look.
 *
 * @param root the directory
 */
public record BrokerWorkDir(Path root) {

	/**
	 * A new temporary work directory with an empty data directory.
	 * @return the work directory
	 */
	public static BrokerWorkDir createTemporary() {
		try {
			BrokerWorkDir workDir = new BrokerWorkDir(Files.createTempDirectory("kafka-broker-"));
			Files.createDirectories(workDir.dataDir());
			return workDir;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not create a work directory for the Kafka broker", e);
		}
	}

	/**
	 * The broker's {@code log.dirs}.
	 * @return the data directory
	 */
	public Path dataDir() {
		return root.resolve("data");
	}

	/**
	 * The broker's configuration file.
	 * @return {@code server.properties}
	 */
	public Path serverProperties() {
		return root.resolve("server.properties");
	}

	/**
	 * The JVM argument file of a child broker process.
	 * @return {@code jvm.args}
	 */
	public Path argumentFile() {
		return root.resolve("jvm.args");
	}

	/**
	 * Where the storage formatter and a child broker process write.
	 * @return {@code broker.log}
	 */
	public Path logFile() {
		return root.resolve("broker.log");
	}

	/**
	 * The end of the broker log, for failure messages.
	 * @param lines how many lines
	 * @return the last {@code lines} lines
	 */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
			return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException e) {
			return "(no broker log: " + e.getMessage() + ")";
		}
	}

	/**
	 * Deletes the directory and everything in it; does nothing if it is gone.
	 * @throws UncheckedIOException if something could not be deleted
	 */
	public void delete() {
		try {
			FileSystemUtils.deleteRecursively(this.root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + this.root, ex);
		}
	}

}
