package io.saoma.localstack;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.util.List;

import io.saoma.localstack.ListeningSockets.ListeningSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reading of Linux's socket tables that tells which addresses the local stack listens
 * on: a wrong reading would let a stack open to the network pass for one that only this
 * machine can reach.
 */
class ListeningSocketsTests {

	private static final String TCP_HEADING = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
			+ "   uid  timeout inode";

	private static final String TCP6_HEADING = "  sl  local_address                         remote_address"
			+ "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

	@Test
	void shouldReadListeningIpv4SocketsAndSkipOtherStates() {
		List<ListeningSocket> sockets = ListeningSockets.parse(List.of(TCP_HEADING,
				"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0",
				"   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 480 1 00000000e26c1707 100 0 0 10 0",
				"   2: 0F02000A:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 481 1 0000000000000000 100 0 0 10 0",
				"   3: 0100007F:D85A 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4712 1 0000000000000000 20 4 30 10 -1"),
				ByteOrder.LITTLE_ENDIAN);
		assertThat(sockets).extracting(ListeningSocket::toString)
			.containsExactly("127.0.0.1:8080", "0.0.0.0:2024", "10.0.2.15:22");
		assertThat(sockets).extracting(ListeningSocket::inode).containsExactly(4711L, 480L, 481L);
		assertThat(sockets).extracting(ListeningSocket::loopbackOnly).containsExactly(true, false, false);
	}

	@Test
	void shouldReadListeningIpv6SocketsIncludingIpv4MappedLoopback() {
		List<ListeningSocket> sockets = ListeningSockets.parse(List.of(TCP6_HEADING,
				"   0: 0000000000000000FFFF00000100007F:819F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 108183 1 00000000dc1e3d55 100 0 0 10 0",
				"   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 108184 1 0000000000000000 100 0 0 10 0",
				"   2: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 108185 1 0000000000000000 100 0 0 10 0",
				"   3: 000000FD000000000000000002000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 108186 1 0000000000000000 100 0 0 10 0",
				"   4: 0000000000000000FFFF00000100007F:8A98 0000000000000000FFFF00000100007F:8AED 06 00000000:00000000 03:00000610 00000000     0        0 0 3 0000000007fa8cc7"),
				ByteOrder.LITTLE_ENDIAN);
		assertThat(sockets).extracting(ListeningSocket::toString)
			.containsExactly("127.0.0.1:33183", "[0:0:0:0:0:0:0:1]:8080", "[0:0:0:0:0:0:0:0]:8081",
					"[fd00:0:0:0:0:0:0:2]:8082");
		assertThat(sockets).extracting(ListeningSocket::loopbackOnly).containsExactly(true, true, false, false);
	}

	@Test
	void shouldReadAddressesWrittenByABigEndianMachine() {
		List<ListeningSocket> sockets = ListeningSockets.parse(List.of(TCP_HEADING,
				"   0: 7F000001:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0"),
				ByteOrder.BIG_ENDIAN);
		assertThat(sockets).extracting(ListeningSocket::toString).containsExactly("127.0.0.1:8080");
	}

	@Test
	void shouldFindTheSocketsThisProcessListensOn() throws Exception {
		assumeTrue(ListeningSockets.available(), "Linux /proc");
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThat(ListeningSockets.of(ProcessHandle.current().pid()))
				.filteredOn((socket) -> socket.port() == server.getLocalPort())
				.singleElement()
				.satisfies((socket) -> assertThat(socket.loopbackOnly()).isTrue());
		}
	}

}
