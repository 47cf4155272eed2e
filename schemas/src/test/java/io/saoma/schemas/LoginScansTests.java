package io.saoma.schemas;

import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login-scan rule, pinned with vectors taken from the protocol notes
 * ({@code docs/wechat-protocol.md} §5.2, §5.3, §10 and pitfall P7): every row is one push
 * (MsgType, Event, EventKey, Ticket; - = absent) and whether it is a login scan, and with
 * which scene.
 */
class LoginScansTests {

	private static final String TICKET = "gQH47joAAAAAAAAAASxodHRwOi8v";

	@Test
	void shouldTakeSubscribeThroughAQrCodeAndScanWithATicket() {
		assertLoginScan(push("event", "subscribe", "qrscene_123123", TICKET), "123123");
		assertLoginScan(push("event", "SCAN", "123123", TICKET), "123123");
		assertLoginScan(push("event", "SCAN", "a_b", TICKET), "a_b");
	}

	@Test
	void shouldStripTheQrscenePrefixOfASubscribeExactlyOnceAndLeaveScanAlone() {
		assertLoginScan(push("event", "subscribe", "qrscene_qrscene_a_b", TICKET), "qrscene_a_b");
		assertLoginScan(push("event", "subscribe", "qrscene_", TICKET), "");
		assertLoginScan(push("event", "SCAN", "qrscene_a", TICKET), "qrscene_a");
		assertLoginScan(push("event", "SCAN", "x_qrscene_y", TICKET), "x_qrscene_y");
		assertLoginScan(push("event", "SCAN", null, TICKET), "");
	}

	@Test
	void shouldRequireTheTicketOfTheScannedQrCode() {
		assertNoLoginScan(push("event", "SCAN", "123123", null));
		assertNoLoginScan(push("event", "SCAN", "123123", ""));
		assertNoLoginScan(push("event", "SCAN", "123123", " "));
		assertNoLoginScan(push("event", "subscribe", "qrscene_123123", null));
	}

	@Test
	void shouldNotTakeOtherPushes() {
		assertNoLoginScan(push("event", "subscribe", null, null));
		assertNoLoginScan(push("event", "subscribe", "last_trade_no_4008072001201701105817415015", TICKET));
		assertNoLoginScan(push("event", "subscribe", "QRSCENE_123", TICKET));
		assertNoLoginScan(push("event", "scan", "123123", TICKET));
		assertNoLoginScan(push("event", "unsubscribe", "qrscene_123123", TICKET));
		assertNoLoginScan(push("event", "CLICK", "123123", TICKET));
		assertNoLoginScan(push("text", "SCAN", "123123", TICKET));
		assertNoLoginScan(push("text", null, null, null));
		assertThat(LoginScans.isLoginScan(null)).isFalse();
	}

	@Test
	void shouldTellANewFollowerFromAnExistingOne() {
		assertThat(LoginScans.isNewFollower(push("event", "subscribe", "qrscene_1", TICKET))).isTrue();
		assertThat(LoginScans.isNewFollower(push("event", "SCAN", "1", TICKET))).isFalse();
	}

	private static void assertLoginScan(WechatEvent push, String scene) {
		assertThat(LoginScans.isLoginScan(push)).as("%s is a login scan", describe(push)).isTrue();
		assertThat(LoginScans.scene(push)).as("scene of %s", describe(push)).isEqualTo(scene);
	}

	private static void assertNoLoginScan(WechatEvent push) {
		assertThat(LoginScans.isLoginScan(push)).as("%s is a login scan", describe(push)).isFalse();
	}

	private static String describe(WechatEvent push) {
		return String.join(", ", push.getMsgType(), String.valueOf(push.getEvent()), String.valueOf(push.getEventKey()),
				String.valueOf(push.getTicket()));
	}

	private static WechatEvent push(String msgType, String event, String eventKey, String ticket) {
		return WechatEvent.newBuilder(AvroSerdeTests.sampleEvent())
			.setMsgType(msgType)
			.setEvent(event)
			.setEventKey(eventKey)
			.setTicket(ticket)
			.build();
	}

}
