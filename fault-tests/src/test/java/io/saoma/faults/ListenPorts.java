package io.saoma.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the services to listen on, chosen below the OS's ephemeral
 * range. A port that {@code new ServerSocket(0)} hands out lies inside that range, where
 * any outgoing connection (Kafka clients, HTTP clients: a fault scenario opens thousands)
 * may take it as its local port before the service binds it, and the service then fails
 * with "Port ... was already in use". Ports below the range are only ever taken by
 * listeners, which the probe detects. A restarted service binds the same ports again.
 */
final class ListenPorts {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int LOWEST = 10_000;

	private static final int ATTEMPTS = 1_000;

	/** Handed out in this JVM: never twice, even before the first taker binds it. */
	private static final java.util.Set<Integer> GIVEN = new java.util.HashSet<>();

	private ListenPorts() {
	}

	/**
	 * @return a port that no socket listens on now, below the ephemeral range
	 */
	static synchronized int next() {
		int highest = ephemeralStart() - 1;
		for (int i = 0; i < ATTEMPTS; i++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
			if (!GIVEN.add(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException(
				"No free port between " + LOWEST + " and " + highest + " after " + ATTEMPTS + " attempts");
	}

	private static int ephemeralStart() {
		try {
			// readAllLines, not readString: a /proc file reports size 0, and readString
			// returns its first character only
			return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: IANA's dynamic range starts at 49152
			return 49_152;
		}
	}

}
