package io.saoma.bench.decode;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

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
