package io.saoma.embeddedkafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft data directory once, before the broker's first start, with Kafka's own
 * {@code kafka-storage format} code. It runs in the calling JVM (the tool's
 * {@code execute} never exits the JVM), which saves a JVM start; its output goes to the
 * broker log.
 */
public final class StorageFormatter {

	private StorageFormatter() {
	}

	/**
	 * Formats the data directory named in {@code serverProperties} with a new cluster id.
	 * @param serverProperties the broker's configuration file
	 * @param logFile where the tool's output is appended
	 */
	public static void format(Path serverProperties, Path logFile) {
		String clusterId = Uuid.randomUuid().toString();
		String[] arguments = { "format", "--cluster-id", clusterId, "--config", serverProperties.toString() };
		int exitCode;
		try (PrintStream out = new PrintStream(new FileOutputStream(logFile.toFile(), true), true,
				StandardCharsets.UTF_8)) {
			exitCode = StorageTool.execute(arguments, out);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not write " + logFile, e);
		}
		catch (RuntimeException e) {
			throw new IllegalStateException("Formatting the Kafka data directory failed; see " + logFile, e);
		}
		if (exitCode != 0) {
			throw new IllegalStateException(
					"Formatting the Kafka data directory exited with " + exitCode + "; see " + logFile);
		}
	}

}
