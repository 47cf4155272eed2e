package io.saoma.receiver.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.saoma.testsupport.wechat.ProtocolSamples;
import io.saoma.receiver.TestPushes;
import io.saoma.receiver.TestPushes.Keys;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver sets every event's {@code dedupId} ({@link DedupIds}) from the
 * authenticated message, so that every delivery of one push (WeChat's retries, a replay
 * within the replay window, in any encryption mode or data format) carries the same id.
 * The expected ids were computed independently (see {@code DedupIdsTests}).
 */
class PushDecoderDedupIdTests {

	private static final long NOW = 1714112445L;

	private static final Keys KEYS = new Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private static final WechatAccount ACCOUNT = new WechatAccount("main", KEYS.appId(), KEYS.token(),
			AesKey.decode(KEYS.encodingAesKey()), null, EncryptionMode.PLAINTEXT);

	/**
	 * wxba5fad812f8e6fb9, FromUser, 123456789, event, SCAN, SCENE_VALUE, absent MsgId.
	 */
	private static final String SCAN_ID = "99d95099feab486adb4de3a7be5990a125da0f7756e01cf22defff4bf1b83880";

	private final PushDecoder decoder = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
			Duration.ofSeconds(300));

	@Test
	void shouldGiveEveryDeliveryOfOnePushTheSameDedupId() throws PushRejectedException {
		String json = "{\"ToUserName\":\"toUser\",\"FromUserName\":\"FromUser\",\"CreateTime\":123456789,"
				+ "\"MsgType\":\"event\",\"Event\":\"SCAN\",\"EventKey\":\"SCENE_VALUE\",\"Ticket\":\"TICKET\"}";
		List<WechatEvent> deliveries = List.of(decode(TestPushes.safe(KEYS, NOW, "n1", ProtocolSamples.SCAN), NOW),
				decode(TestPushes.safe(KEYS, NOW + 5, "n2", ProtocolSamples.SCAN), NOW + 5),
				decode(TestPushes.safe(KEYS, NOW, "n1", ProtocolSamples.SCAN), NOW + 200),
				decode(TestPushes.plaintext(KEYS, NOW, "n3", ProtocolSamples.SCAN), NOW),
				decode(TestPushes.compatible(KEYS, NOW, "n4", ProtocolSamples.SCAN), NOW),
				decode(TestPushes.safeJson(KEYS, NOW, "n5", "toUser", json), NOW));
		assertThat(deliveries).extracting(WechatEvent::getDedupId).containsOnly(SCAN_ID);
		assertThat(deliveries).extracting(WechatEvent::getEventId).doesNotHaveDuplicates();
	}

	@Test
	void shouldGiveADifferentPushADifferentDedupId() throws PushRejectedException {
		WechatEvent scan = decode(TestPushes.safe(KEYS, NOW, "n1", ProtocolSamples.SCAN), NOW);
		WechatEvent later = decode(
				TestPushes.safe(KEYS, NOW, "n2", ProtocolSamples.SCAN.replace("123456789", "123456790")), NOW);
		WechatEvent otherScene = decode(
				TestPushes.safe(KEYS, NOW, "n3", ProtocolSamples.SCAN.replace("SCENE_VALUE", "SCENE_VALUF")), NOW);
		assertThat(List.of(scan.getDedupId(), later.getDedupId(), otherScene.getDedupId())).doesNotHaveDuplicates();
	}

	@Test
	void shouldComputeTheDedupIdFromTheFieldsTheEventCarries() throws PushRejectedException {
		WechatEvent template = decode(TestPushes.plaintext(KEYS, NOW, "n1", ProtocolSamples.TEMPLATESENDJOBFINISH),
				NOW);
		assertThat(template.getMsgId()).isEqualTo("200163836");
		assertThat(template.getDedupId()).isEqualTo("93904da7a497b40c611cdc6adb91922f5843f58439582b0cc26e8fef180da5c6")
			.isEqualTo(DedupIds.compute(template));
		WechatEvent text = decode(TestPushes.plaintext(KEYS, NOW, "n2", ProtocolSamples.TEXT), NOW);
		assertThat(text.getDedupId()).isEqualTo("c69327eed3991e87600b048558f8cc79407107f6fc7488ebdd175b7d547d7b0f")
			.isEqualTo(DedupIds.compute(text));
	}

	private WechatEvent decode(Push push, long receivedAtSeconds) throws PushRejectedException {
		return this.decoder.decode(ACCOUNT, push.toRequest(Instant.ofEpochSecond(receivedAtSeconds)));
	}

}
