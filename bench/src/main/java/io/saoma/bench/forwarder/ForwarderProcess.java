package io.saoma.bench.forwarder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.saoma.bench.load.ChildJvm;

/**
 * The forwarder as a child JVM (its own heap and threads, so its figures are its own),
 * with its real configuration ({@code forwarder.yml}) and one account relaying to the
 * fake Authing, on loopback. Reads its threads and CPU time from the OS.
 */
final class ForwarderProcess implements AutoCloseable {

	private final ChildJvm jvm;

	private ForwarderProcess(ChildJvm jvm) {
		this.jvm = jvm;
	}

	/**
	 * Starts the forwarder and waits (at most 120 s) until it is ready.
	 * @param bootstrapServers the broker
	 * @param eventsUrl the fake Authing's events URL
	 * @param heap {@code -Xmx}
	 * @param jvmOptions more JVM options
	 * @param args more application arguments ({@code --name=value})
	 * @param log where its output goes
	 * @return the running forwarder
	 * @throws IOException if it does not start
	 */
	static ForwarderProcess start(String bootstrapServers, String eventsUrl, String heap, List<String> jvmOptions,
			List<String> args, Path log) throws IOException {
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		arguments.add("--spring.kafka.streams.state-dir=" + Files.createTempDirectory("bench-forwarder"));
		arguments.add("--forwarder.accounts." + LoginScans.ACCOUNT + ".events-url=" + eventsUrl);
		arguments.addAll(args);
		return new ForwarderProcess(ChildJvm.start("forwarder", System.getProperty("java.class.path"),
				"io.saoma.forwarder.ForwarderApplication", heap, jvmOptions, arguments, log));
	}

	long pid() {
		return this.jvm.pid();
	}

	/**
	 * The CPU time the process has used (user and system).
	 * @return milliseconds, or -1 if unknown
	 */
	long cpuMillis() {
		long nanos = this.jvm.cpuNanos();
		return (nanos < 0) ? -1 : nanos / 1_000_000;
	}

	/**
	 * The process's threads by name, digits folded.
	 * @return thread count per name
	 */
	Map<String, Integer> threads() {
		return this.jvm.threads();
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
