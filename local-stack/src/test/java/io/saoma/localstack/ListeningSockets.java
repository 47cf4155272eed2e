package io.saoma.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as Linux's {@code /proc} tells them: the
 * process's socket inodes from {@code /proc/<pid>/fd}, matched against the {@code LISTEN}
 * rows of {@code /proc/<pid>/net/tcp} and {@code tcp6}. No connection is made to find
 * them.
 */
final class ListeningSockets {

	private static final String LISTEN = "0A";

	private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

	private ListeningSockets() {
	}

	/**
	 * Whether this machine has the {@code /proc} files to read.
	 * @return {@code true} on Linux
	 */
	static boolean available() {
		return Files.isReadable(Path.of("/proc/self/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
	}

	/**
	 * The TCP sockets a process listens on, IPv4 and IPv6.
	 * @param pid the process
	 * @return its listening sockets
	 */
	static List<ListeningSocket> of(long pid) {
		Path process = Path.of("/proc", Long.toString(pid));
		Set<Long> inodes = socketInodes(process.resolve("fd"));
		List<ListeningSocket> sockets = new ArrayList<>();
		for (String table : List.of("tcp", "tcp6")) {
			Path file = process.resolve("net").resolve(table);
			if (Files.isReadable(file)) {
				parse(readLines(file), ByteOrder.nativeOrder()).stream()
					.filter((socket) -> inodes.contains(socket.inode()))
					.forEach(sockets::add);
			}
		}
		return sockets;
	}

	/**
	 * The listening sockets of the rows of a {@code /proc/net/tcp} or
	 * {@code /proc/net/tcp6} file.
	 * @param lines the file's lines, the heading included
	 * @param order the byte order of the machine that wrote them (the kernel writes each
	 * 32-bit word of an address as a number in its own order)
	 * @return the rows in state {@code LISTEN}
	 */
	static List<ListeningSocket> parse(List<String> lines, ByteOrder order) {
		List<ListeningSocket> sockets = new ArrayList<>();
		for (String line : lines) {
			String[] columns = line.trim().split("\\s+");
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid
			// timeout inode ...
			if (columns.length < 10 || !columns[0].endsWith(":") || !columns[3].equals(LISTEN)) {
				continue;
			}
			String[] local = columns[1].split(":");
			sockets.add(new ListeningSocket(address(local[0], order), Integer.parseInt(local[1], 16),
					Long.parseLong(columns[9])));
		}
		return sockets;
	}

	private static InetAddress address(String hex, ByteOrder order) {
		if (hex.length() != 8 && hex.length() != 32) {
			throw new IllegalArgumentException("Not an address of /proc/net/tcp: " + hex);
		}
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int hexByte = (order == ByteOrder.LITTLE_ENDIAN) ? 3 - i : i;
				int start = word * 8 + hexByte * 2;
				bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(start, start + 2), 16);
			}
		}
		try {
			// from raw bytes: no name lookup
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static Set<Long> socketInodes(Path fds) {
		Set<Long> inodes = new HashSet<>();
		try (Stream<Path> links = Files.list(fds)) {
			for (Path link : links.toList()) {
				try {
					Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(link).toString());
					if (socket.matches()) {
						inodes.add(Long.parseLong(socket.group(1)));
					}
				}
				catch (NoSuchFileException ex) {
					// closed while we looked
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + fds, ex);
		}
		return inodes;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
	}

	/**
	 * A socket in state {@code LISTEN}.
	 *
	 * @param address the local address it is bound to (an IPv4-mapped IPv6 address comes
	 * as its IPv4 address)
	 * @param port the local port
	 * @param inode the socket's inode
	 */
	record ListeningSocket(InetAddress address, int port, long inode) {

		/**
		 * Whether only this machine can reach it.
		 * @return {@code true} when bound to a loopback address
		 */
		boolean loopbackOnly() {
			return this.address.isLoopbackAddress();
		}

		@Override
		public String toString() {
			String host = this.address.getHostAddress();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + this.port;
		}

	}

}
