package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which pushes the relay takes: an account with {@code events: login} relays login scans
 * only ({@link io.saoma.schemas.LoginScans}), one with {@code events: all} every push, an
 * account without a relay nothing.
 */
class RelayTests {

	private final Relay relay = new Relay(
			Map.of("login", new Account("https://login.example/events", Format.AUTHING_DEMO, Events.LOGIN), "all",
					new Account("https://all.example/events", Format.AUTHING_DEMO, Events.ALL)),
			null, null, new SimpleMeterRegistry(), Duration.ofMinutes(5), Clock.systemUTC());

	@Test
	void shouldRelayOnlyLoginScansOfAnAccountThatRelaysLogins() {
		assertThat(this.relay.isRelayed(push("login", "SCAN", "scene", "TICKET"))).isTrue();
		assertThat(this.relay.isRelayed(push("login", "subscribe", "qrscene_scene", "TICKET"))).isTrue();
		assertThat(this.relay.isRelayed(push("login", "subscribe", "last_trade_no_1", "TICKET"))).isFalse();
		assertThat(this.relay.isRelayed(push("login", "SCAN", "scene", null))).isFalse();
		assertThat(this.relay.isRelayed(push("login", "CLICK", "scene", "TICKET"))).isFalse();
	}

	@Test
	void shouldRelayEveryPushOfAnAccountThatRelaysAll() {
		assertThat(this.relay.isRelayed(push("all", "SCAN", "scene", null))).isTrue();
		assertThat(this.relay.isRelayed(push("all", "CLICK", "scene", null))).isTrue();
	}

	@Test
	void shouldRelayNothingOfAnAccountWithoutARelay() {
		assertThat(this.relay.isRelayed(push("other", "SCAN", "scene", "TICKET"))).isFalse();
	}

	private static WechatEvent push(String account, String event, String eventKey, String ticket) {
		return WechatEvent.newBuilder(RelayRequestTests.event(EncryptionMode.SAFE))
			.setAccount(account)
			.setEvent(event)
			.setEventKey(eventKey)
			.setTicket(ticket)
			.build();
	}

}
