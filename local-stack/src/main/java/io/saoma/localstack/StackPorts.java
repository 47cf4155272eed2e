package io.saoma.localstack;

import io.saoma.embeddedkafka.FreePorts;

/**
 * Where the local stack listens: fixed well-known ports for people, free ports for tests;
 * loopback only unless the person asks for another address ({@code --bind-address}).
 *
 * @param address the IP address every server of the stack (Kafka included) listens on:
 * {@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface
 * @param page the login page and the simulators
 * @param receiver the receiver (the WeChat server URL)
 * @param loginProcessor the login API
 * @param forwarder the forwarder's actuator
 */
public record StackPorts(String address, int page, int receiver, int loginProcessor, int forwarder) {

	/** Loopback: reachable from this machine only. */
	public static final String LOOPBACK = "127.0.0.1";

	private static final String EVERY_INTERFACE = "0.0.0.0";

	private static final String EVERY_INTERFACE_IPV6 = "0:0:0:0:0:0:0:0";

	/**
	 * The ports a person uses: the login page on 8080, on loopback.
	 * @return the ports
	 */
	public static StackPorts standard() {
		return new StackPorts(LOOPBACK, 8080, 8091, 8092, 8093);
	}

	/**
	 * Free loopback ports, for tests that run beside other things.
	 * @return the ports
	 */
	public static StackPorts free() {
		int[] ports = FreePorts.allocate(4);
		return new StackPorts(LOOPBACK, ports[0], ports[1], ports[2], ports[3]);
	}

	/**
	 * The same ports on another address.
	 * @param address an IP address of this machine, or {@code 0.0.0.0}
	 * @return the ports
	 */
	public StackPorts withAddress(String address) {
		return new StackPorts(address, this.page, this.receiver, this.loginProcessor, this.forwarder);
	}

	/**
	 * The host the stack's own applications call each other at: the address, or loopback
	 * when it is every interface.
	 * @return a host name or IP address
	 */
	public String connectHost() {
		return (this.address.equals(LOOPBACK) || this.address.equals(EVERY_INTERFACE)
				|| this.address.equals(EVERY_INTERFACE_IPV6)) ? "localhost" : this.address;
	}

	/**
	 * The base URL of a port of the stack, as its applications and the banner name it.
	 * @param port one of the ports
	 * @return {@code http://<host>:<port>}, an IPv6 address in brackets
	 */
	public String url(int port) {
		String host = connectHost();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
	}

}
