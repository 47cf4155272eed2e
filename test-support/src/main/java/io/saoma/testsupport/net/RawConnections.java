package io.saoma.testsupport.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * What a test on a raw socket learns from the server without blocking: whether it closed
 * the connection. The socket needs a short {@link Socket#setSoTimeout(int) read timeout},
 * so a poll (Awaitility's) returns when nothing came.
 */
public final class RawConnections {

	private static final int MAX_READS_PER_POLL = 64;

	private RawConnections() {
	}

	/**
	 * Whether the server closed the connection; anything it answered first is read and
	 * dropped.
	 * @param socket the connection, with a short read timeout
	 * @return {@code true} once the server closed or reset it
	 */
	public static boolean isClosed(Socket socket) {
		return isClosed(socket, new ByteArrayOutputStream());
	}

	/**
	 * Whether the server closed the connection, keeping what it answered first.
	 * @param socket the connection, with a short read timeout
	 * @param answer receives every byte the server sent
	 * @return {@code true} once the server closed or reset it
	 */
	public static boolean isClosed(Socket socket, ByteArrayOutputStream answer) {
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[1024];
			for (int i = 0; i < MAX_READS_PER_POLL; i++) {
				int read = in.read(buffer);
				if (read < 0) {
					return true;
				}
				answer.write(buffer, 0, read);
			}
			return false;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
