package io.saoma.localstack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The command line of the local stack: {@code [--free-ports] [--bind-address=<ip>]}.
 *
 * @param ports where the stack listens
 */
record StackOptions(StackPorts ports) {

	static final String USAGE = "usage: LocalStack [--free-ports] [--bind-address=<ip address>]  (default: the standard"
			+ " ports on 127.0.0.1; --bind-address=0.0.0.0 listens on every interface)";

	private static final String BIND_ADDRESS = "--bind-address=";

	private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	// IPv4 strictly as four decimal octets: for any other digits and dots
	// InetAddress.getByName would try a name lookup
	// (or read "1.2.3" as 1.2.0.3); a string with a colon it only ever parses as an IPv6
	// literal
	private static final Pattern IP_LITERAL = Pattern
		.compile(OCTET + "(\\." + OCTET + "){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

	static StackOptions parse(String... args) {
		StackPorts ports = StackPorts.standard();
		String address = StackPorts.LOOPBACK;
		for (String arg : args) {
			if (arg.equals("--free-ports")) {
				ports = StackPorts.free();
			}
			else if (arg.startsWith(BIND_ADDRESS)) {
				address = ipAddress(arg.substring(BIND_ADDRESS.length()));
			}
			else {
				throw new IllegalArgumentException("Unknown option '" + arg + "'");
			}
		}
		return new StackOptions(ports.withAddress(address));
	}

	private static String ipAddress(String value) {
		if (!IP_LITERAL.matcher(value).matches()) {
			throw new IllegalArgumentException("--bind-address must be an IP address, was '" + value + "'");
		}
		try {
			return InetAddress.getByName(value).getHostAddress();
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("--bind-address must be an IP address, was '" + value + "'");
		}
	}

}
