package io.saoma.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a run ran on: cores, JVM, heap, load average.
 */
public final class Machine {

	private Machine() {
	}

	/**
	 * Prints the machine.
	 * @param out where to print
	 * @throws IOException if /proc/loadavg exists but cannot be read
	 */
	public static void print(PrintStream out) throws IOException {
		Runtime runtime = Runtime.getRuntime();
		String load = loadAverage();
		out.println("# machine: " + runtime.availableProcessors() + " cores, " + System.getProperty("java.vm.name")
				+ " " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
				+ "), runner heap max " + (runtime.maxMemory() >> 20) + " MB (forks: -Xms256m -Xmx256m), load average "
				+ load + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
	}

	/**
	 * One line for a bench's report: cores, JVM, this JVM's heap, load average, OS.
	 * @param role what this JVM is in the bench (e.g. {@code generator}), for its heap
	 * @return the line, ending with a newline
	 */
	public static String describe(String role) {
		Runtime runtime = Runtime.getRuntime();
		return String.format(Locale.ROOT,
				"machine: %d cores, %s %s (%s), %s heap max %d MB, load average %.2f, %s %s%n",
				runtime.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
				System.getProperty("java.vendor"), role, runtime.maxMemory() / (1024 * 1024),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("os.name"),
				System.getProperty("os.arch"));
	}

	/**
	 * Only warnings from this JVM's own logging (the in-process broker's INFO lines would
	 * drown the report); the child JVMs keep their configuration.
	 */
	public static void quietLogs() {
		if (org.slf4j.LoggerFactory
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	/**
	 * The load average, from {@code /proc/loadavg} where there is one.
	 * @return the load average as the system gives it
	 * @throws IOException if /proc/loadavg exists but cannot be read
	 */
	public static String loadAverage() throws IOException {
		Path loadavg = Path.of("/proc/loadavg");
		return Files.isReadable(loadavg) ? Files.readString(loadavg).trim()
				: String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

}
