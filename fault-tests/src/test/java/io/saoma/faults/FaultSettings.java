package io.saoma.faults;

import java.nio.file.Path;

/**
 * The suite's settings, from system properties that the build sets (see the module's
 * pom): {@code faults.full=true} runs the full-size scenarios of the issue (1,000 logins,
 * a 2-minute outage, ...), otherwise the scaled-down sizes that fit the default build's
 * time; {@code faults.summary} is the file each scenario appends its summary line to;
 * {@code faults.logs} where the child JVMs' logs go.
 */
final class FaultSettings {

	private FaultSettings() {
	}

	/**
	 * @return whether the full-size variants run ({@code -Dfaults.full=true})
	 */
	static boolean full() {
		return Boolean.getBoolean("faults.full");
	}

	/**
	 * @param scaledDown the size in the default build
	 * @param fullSize the size with {@code -Dfaults.full=true}
	 * @return the size of this run
	 */
	static int size(int scaledDown, int fullSize) {
		return full() ? fullSize : scaledDown;
	}

	static Path summaryFile() {
		return Path.of(System.getProperty("faults.summary", "target/fault-summary.md"));
	}

	static Path logDirectory() {
		return Path.of(System.getProperty("faults.logs", "target/fault-logs"));
	}

	/**
	 * The command that runs one scenario class in this variant, for the summary.
	 * @param testClass the scenario's class
	 * @return the Maven command line
	 */
	static String command(String testClass) {
		return "mvn -B -pl fault-tests -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
				+ " -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=" + testClass
				+ (full() ? " -Dfaults.full=true" : "");
	}

}
