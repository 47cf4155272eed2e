package io.saoma.bench.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.receiver.push.PushRequest;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushFactoryTests {

	private static final long NOW = 1_790_000_000L;

	private final PushDecoder decoder = new PushDecoder(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
			Duration.ofMinutes(5));

	private final WechatAccount account = new WechatAccount(PushFactory.ACCOUNT, PushFactory.APP_ID, PushFactory.TOKEN,
			AesKey.decode(PushFactory.ENCODING_AES_KEY), null);

	@Test
	void theReceiversDecoderAcceptsThePushesAsSafeModeScans() throws PushRejectedException {
		WechatEvent event = decode(new PushFactory().build(42, NOW));
		assertThat(event.getEvent()).isEqualTo("SCAN");
		assertThat(event.getCreateTime()).isEqualTo(NOW);
		assertThat(event.getFromUserName()).isEqualTo("oBench" + Long.toString(42, 36));
		assertThat(event.getEncryption().name()).isEqualTo("SAFE");
	}

	@Test
	void pushesAreDistinct() throws PushRejectedException {
		PushFactory factory = new PushFactory();
		PushFactory.Push first = factory.build(1, NOW);
		PushFactory.Push second = factory.build(2, NOW);
		assertThat(second.nonce()).isNotEqualTo(first.nonce());
		assertThat(second.body()).isNotEqualTo(first.body());
		assertThat(decode(second).getFromUserName()).isNotEqualTo(decode(first).getFromUserName());
		assertThat(decode(second).getDedupId()).isNotEqualTo(decode(first).getDedupId());
	}

	private WechatEvent decode(PushFactory.Push push) throws PushRejectedException {
		return this.decoder.decode(this.account,
				new PushRequest(push.parameter("signature"), push.timestamp(), push.nonce(), "aes",
						push.parameter("msg_signature"), push.query(), "text/xml", push.body(),
						Instant.ofEpochSecond(NOW)));
	}

}
