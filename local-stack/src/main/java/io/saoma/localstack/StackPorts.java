package io.saoma.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Where the local stack listens: fixed well-known ports for people, free ports for tests.
 *
 * @param page the login page and the simulators
 * @param receiver the receiver (the WeChat server URL)
 * @param loginProcessor the login API
 * @param forwarder the forwarder's actuator
 */
public record StackPorts(int page, int receiver, int loginProcessor, int forwarder) {

	/**
	 * The ports a person uses: the login page on 8080.
	 * @return the ports
	 */
	public static StackPorts standard() {
		return new StackPorts(8080, 8091, 8092, 8093);
	}

	/**
	 * Free ports, for tests that run beside other things.
	 * @return the ports
	 */
	public static StackPorts free() {
		return new StackPorts(freePort(), freePort(), freePort(), freePort());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
