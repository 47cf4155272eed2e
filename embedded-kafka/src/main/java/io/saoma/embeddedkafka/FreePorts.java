package io.saoma.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks currently free loopback ports. All sockets stay open until every port is chosen,
 * so the ports are distinct; another process could still grab one before the broker (or
 * the local stack's applications) binds it, which is acceptable for a stack on one
 * machine.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Distinct loopback ports that were free a moment ago.
	 * @param count how many
	 * @return the ports
	 */
	public static int[] allocate(int count) {
		List<ServerSocket> sockets = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				socket.setReuseAddress(true);
				sockets.add(socket);
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not find free loopback ports", e);
		}
		finally {
			sockets.forEach(FreePorts::closeQuietly);
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// the port was only probed; nothing to release
		}
	}

}
