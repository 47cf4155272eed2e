package io.saoma.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AvroSerdeTests {

	private final AvroSerde<WechatEvent> serde = AvroSerdes.wechatEvent();

	@Test
	void shouldRoundTripEveryField() {
		WechatEvent event = sampleEvent();
		byte[] bytes = this.serde.serializer().serialize(Topics.Names.WECHAT_EVENTS, event);
		assertThat(bytes[0]).isEqualTo((byte) 0xC3);
		assertThat(bytes[1]).isEqualTo((byte) 0x01);
		assertThat(this.serde.deserializer().deserialize(Topics.Names.WECHAT_EVENTS, bytes)).isEqualTo(event);
	}

	@Test
	void shouldRoundTripTheLoginRecords() {
		QrTicket ticket = new QrTicket("login-1", "main", "wx1", "scene_1", "gQH47joAAAAAAAAAAS==",
				"http://weixin.qq.com/q/x", Instant.ofEpochMilli(1000), Instant.ofEpochMilli(301_000),
				"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
		assertThat(AvroSerdes.qrTicket().decode(AvroSerdes.qrTicket().encode(ticket))).isEqualTo(ticket);
		LoginResult result = new LoginResult("login-1", "main", "wx1", LoginOutcome.SUCCEEDED, "openid-1", true,
				"scene_1", "gQH47joAAAAAAAAAAS==", Instant.ofEpochMilli(1000), Instant.ofEpochMilli(301_000),
				Instant.ofEpochMilli(5000), Instant.ofEpochMilli(5100), "event-1", null);
		assertThat(AvroSerdes.loginResult().decode(AvroSerdes.loginResult().encode(result))).isEqualTo(result);
		LoginStatus status = new LoginStatus("login-1", "main", "wx1", LoginState.SUCCEEDED,
				Instant.ofEpochMilli(301_000), Instant.ofEpochMilli(5100), "code-1", "openid-1", true, "scene_1",
				Instant.ofEpochMilli(5100), null, null, null);
		assertThat(AvroSerdes.loginStatus().decode(AvroSerdes.loginStatus().encode(status))).isEqualTo(status);
	}

	@Test
	void shouldRefuseToDecodeOneRecordTypeAsAnother() {
		byte[] event = AvroSerdes.wechatEvent().encode(sampleEvent());
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> AvroSerdes.qrTicket().decode(event))
			.withMessageContaining("Cannot decode QrTicket");
	}

	@Test
	void shouldMapNullToTombstoneBothWays() {
		assertThat(this.serde.serializer().serialize(Topics.Names.WECHAT_EVENTS, null)).isNull();
		assertThat(this.serde.deserializer().deserialize(Topics.Names.WECHAT_EVENTS, null)).isNull();
	}

	@Test
	void shouldDecodeRecordsWrittenWithEveryReleasedSchema() throws IOException {
		WechatEvent event = sampleEvent();
		for (Schema released : SchemaHistory.versions("WechatEvent")) {
			GenericRecord old = asWrittenBy(released, event);
			byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old).array();
			WechatEvent decoded = this.serde.decode(bytes);
			assertThat(decoded.getEventId()).isEqualTo(event.getEventId());
			assertThat(decoded.getFromUserName()).isEqualTo(event.getFromUserName());
			assertThat(decoded.getCreateTime()).isEqualTo(event.getCreateTime());
		}
	}

	@Test
	void shouldRejectBytesOfAnUnknownSchemaWithAClearError() throws IOException {
		Schema unknown = Schema.createRecord("Other", null, "x", false,
				java.util.List.of(new Schema.Field("a", Schema.create(Schema.Type.INT))));
		GenericRecord other = new GenericData.Record(unknown);
		other.put("a", 1);
		byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(other).array();
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serde.decode(bytes))
			.withMessageContaining("Cannot decode WechatEvent")
			.withMessageContaining("MissingSchemaException");
	}

	@Test
	void shouldRejectGarbageWithAClearError() {
		byte[] garbage = "not avro".getBytes(StandardCharsets.US_ASCII);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serde.decode(garbage))
			.withMessageContaining("Cannot decode WechatEvent (8 bytes)");
	}

	/**
	 * Re-reads the current record through an older schema, as a producer of that version
	 * would have written it.
	 */
	private static GenericRecord asWrittenBy(Schema released, WechatEvent event) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		var encoder = EncoderFactory.get().binaryEncoder(out, null);
		new SpecificDatumWriter<>(WechatEvent.getClassSchema()).write(event, encoder);
		encoder.flush();
		return new GenericDatumReader<GenericRecord>(WechatEvent.getClassSchema(), released).read(null,
				DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
	}

	static WechatEvent sampleEvent() {
		return WechatEvent.newBuilder()
			.setEventId("0192f0c4-9f1e-7a3b-8c2d-1e2f3a4b5c6d")
			.setAccount("main")
			.setAppId("wxba5fad812f8e6fb9")
			.setToUserName("gh_97417a04a28d")
			.setFromUserName("o9AgO5Kd5ggOC-bXrbNODIiE3bGY")
			.setCreateTime(1714112445L)
			.setMsgType("event")
			.setEvent("subscribe")
			.setEventKey("qrscene_abc")
			.setTicket("gQH47joAAAAAAAAAASxodHRwOi8v")
			.setFields(Map.of("Latitude", "23.137466"))
			.setPayload("<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName></xml>")
			.setPayloadFormat(PayloadFormat.XML)
			.setReceivedAt(Instant.ofEpochMilli(1714112445123L))
			.setEncryption(EncryptionMode.SAFE)
			.setRequest(OriginalRequest.newBuilder()
				.setRawQuery("signature=x&timestamp=1714112445&nonce=1")
				.setContentType("text/xml")
				.setBody(ByteBuffer.wrap("<xml/>".getBytes(StandardCharsets.UTF_8)))
				.build())
			.build();
	}

}
