package io.saoma.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the command line for a child JVM on the current JVM's classpath. The JVM options
 * and the classpath go into a JDK argument file ({@code java @file}) so a long test
 * classpath cannot hit the OS limit on one argument; the main class and its arguments
 * stay on the command line, so {@code ps} still shows what the child is.
 */
public final class JvmCommand {

	private JvmCommand() {
	}

	public static List<String> write(Path argumentFile, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-cp");
		options.add(System.getProperty("java.class.path"));
		try {
			Files.writeString(argumentFile,
					options.stream().map(JvmCommand::quote).collect(Collectors.joining(System.lineSeparator())));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not write " + argumentFile, e);
		}
		List<String> command = new ArrayList<>(
				List.of(javaExecutable(), "@" + argumentFile.toAbsolutePath(), mainClass));
		command.addAll(arguments);
		return List.copyOf(command);
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Argument-file quoting: inside double quotes a backslash escapes the next character.
	 */
	private static String quote(String argument) {
		return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
