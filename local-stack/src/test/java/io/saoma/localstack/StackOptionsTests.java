package io.saoma.localstack;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The command line of {@code ./run-local.sh}: without options a person gets the standard
 * ports reachable from this machine only; {@code --free-ports} and {@code --bind-address}
 * change that, and a mistyped option or address stops the command with a message that
 * says which option is wrong, before anything starts.
 */
class StackOptionsTests {

	@Test
	void shouldListenOnTheStandardPortsOnLoopbackByDefault() {
		StackPorts ports = StackOptions.parse().ports();
		assertThat(ports).isEqualTo(new StackPorts("127.0.0.1", 8080, 8091, 8092, 8093));
		assertThat(ports.url(ports.page())).isEqualTo("http://localhost:8080");
		assertThat(ports.connectHost()).isEqualTo("localhost");
	}

	@Test
	void shouldPickDistinctFreePortsOnLoopbackWithFreePorts() {
		StackPorts ports = StackOptions.parse("--free-ports").ports();
		assertThat(ports.address()).isEqualTo("127.0.0.1");
		List<Integer> chosen = List.of(ports.page(), ports.receiver(), ports.loginProcessor(), ports.forwarder());
		assertThat(chosen).doesNotHaveDuplicates().allSatisfy((port) -> assertThat(port).isBetween(1024, 65535));
	}

	@Test
	void shouldListenOnEveryInterfaceWithBindAddressZeroAndStillCallItselfOnLocalhost() {
		StackPorts ports = StackOptions.parse("--bind-address=0.0.0.0").ports();
		assertThat(ports).isEqualTo(new StackPorts("0.0.0.0", 8080, 8091, 8092, 8093));
		assertThat(ports.connectHost()).isEqualTo("localhost");
		assertThat(ports.url(ports.page())).isEqualTo("http://localhost:8080");
	}

	@Test
	void shouldCombineFreePortsAndBindAddressInAnyOrder() {
		StackPorts ports = StackOptions.parse("--bind-address=127.0.0.2", "--free-ports").ports();
		assertThat(ports.address()).isEqualTo("127.0.0.2");
		assertThat(ports.page()).isNotEqualTo(8080);
		assertThat(ports.url(ports.page())).isEqualTo("http://127.0.0.2:" + ports.page());
	}

	@Test
	void shouldAcceptAnIpv6LiteralAndBracketItInUrls() {
		StackPorts ports = StackOptions.parse("--bind-address=::1").ports();
		assertThat(ports.address()).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(ports.url(ports.page())).isEqualTo("http://[0:0:0:0:0:0:0:1]:8080");
	}

	@Test
	void shouldCallItselfOnLocalhostWhenBoundToTheIpv6Wildcard() {
		StackPorts ports = StackOptions.parse("--bind-address=::").ports();
		assertThat(ports.address()).isEqualTo("0:0:0:0:0:0:0:0");
		assertThat(ports.url(ports.page())).isEqualTo("http://localhost:8080");
	}

	@Test
	void shouldRejectAnUnknownOptionNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> StackOptions.parse("--freeports"))
			.withMessage("Unknown option '--freeports'");
		assertThatIllegalArgumentException().isThrownBy(() -> StackOptions.parse("--bind-address", "0.0.0.0"))
			.withMessage("Unknown option '--bind-address'");
	}

	@Test
	void shouldRejectAHostNameAsBindAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> StackOptions.parse("--bind-address=localhost"))
			.withMessage("--bind-address must be an IP address, was 'localhost'");
		assertThatIllegalArgumentException().isThrownBy(() -> StackOptions.parse("--bind-address=cafe"))
			.withMessage("--bind-address must be an IP address, was 'cafe'");
	}

	@Test
	void shouldRejectAnEmptyOrMalformedBindAddressWithoutLookingItUp() {
		// digits and dots that are no IPv4 address must not reach a DNS lookup
		// (InetAddress.getByName would try one)
		for (String value : List.of("", "nonsense", "256.0.0.1", "999.1.1.1", "1.2.3", "1.2.3.4.5", ".", "1..2.3",
				"010.0.0.1", "::1::", "1:2:3:4:5:6:7:8:9", "0x7f.0.0.1", "127.0.0.1:8080")) {
			assertThatIllegalArgumentException().as(value)
				.isThrownBy(() -> StackOptions.parse("--bind-address=" + value))
				.withMessage("--bind-address must be an IP address, was '" + value + "'");
		}
	}

	@Test
	void shouldPrintAUsageThatNamesEveryOption() {
		assertThat(StackOptions.USAGE).contains("--free-ports").contains("--bind-address=").doesNotContain("\n");
	}

}
