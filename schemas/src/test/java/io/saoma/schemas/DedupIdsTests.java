package io.saoma.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.WechatEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The de-duplication id's definition, pinned with fixed vectors so that it can never
 * change unnoticed (consumers and records already written depend on it). The vectors were
 * computed independently of {@link DedupIds}, with Python's {@code hashlib}:
 *
 * <pre>
 * def dedup_id(*fields):  # AppID, FromUserName, CreateTime (decimal text), MsgType, Event, EventKey, MsgId
 *     h = hashlib.sha256()
 *     for f in fields:
 *         if f is None: h.update(b'\x00')
 *         else: b = f.encode('utf-8'); h.update(b'\x01' + struct.pack('>I', len(b)) + b)
 *     return h.hexdigest()
 * </pre>
 *
 * <table>
 * <caption>Vectors (A = wxba5fad812f8e6fb9, O = o9AgO5Kd5ggOC-bXrbNODIiE3bGY, T =
 * 1714112445, - = absent)</caption>
 * <tr>
 * <th>AppID, FromUserName, CreateTime, MsgType, Event, EventKey, MsgId</th>
 * <th>dedupId</th>
 * </tr>
 * <tr>
 * <td>A, O, T, event, subscribe, qrscene_abc, -</td>
 * <td>532c16851617c5047b01953db50fc4b76682d6fe8f45a9c1bff19960f40376b5</td>
 * </tr>
 * <tr>
 * <td>A, O, T, event, SCAN, abc, -</td>
 * <td>0347c922aae1529bd03f2c79890fac997975b5d381f3d24186c674a7fcdc4462</td>
 * </tr>
 * <tr>
 * <td>A, O, T, text, -, -, 24571373839175680</td>
 * <td>006ae315bf2684b17901e1fd0875e9ca53b5fe92a6893533beac273100111fa0</td>
 * </tr>
 * <tr>
 * <td>A, O, T, event, subscribe, "" (empty), -</td>
 * <td>b4dab71dc633ee0e911301e0a8006944f9281e2af9064b60e34fbdfcba8f8629</td>
 * </tr>
 * <tr>
 * <td>A, O, T, event, subscribe, -, -</td>
 * <td>94b15ea82959f2c8b61db093a2299651e9aba5d2a0453eddb5950e235bf2de2d</td>
 * </tr>
 * <tr>
 * <td>ab, c, 0, event, -, -, -</td>
 * <td>f2c8758e49fcb4f425f54138f39701f2fd47dcd4ee32a2735e053e2e9336c8e7</td>
 * </tr>
 * <tr>
 * <td>a, bc, 0, event, -, -, -</td>
 * <td>5e75e124c105da34b16720ed8828a43a63733fbf323147b75a0228a717bbb831</td>
 * </tr>
 * <tr>
 * <td>A, 用户, T, event, SCAN, 场景, -</td>
 * <td>5ed09a52442f163aa4227f4f4f6085427e563d97a8e392313ac45359353e85c9</td>
 * </tr>
 * </table>
 */
class DedupIdsTests {

	private static final String APP_ID = "wxba5fad812f8e6fb9";

	private static final String OPEN_ID = "o9AgO5Kd5ggOC-bXrbNODIiE3bGY";

	private static final long CREATE_TIME = 1714112445L;

	/** The canonical encoding of the SCAN vector, byte for byte. */
	private static final String SCAN_ENCODING = "0100000012" + hex(APP_ID) + "010000001c" + hex(OPEN_ID) + "010000000a"
			+ hex("1714112445") + "0100000005" + hex("event") + "0100000004" + hex("SCAN") + "0100000003" + hex("abc")
			+ "00";

	@Test
	void shouldMatchTheFixedVectors() {
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "subscribe", "qrscene_abc", null))
			.isEqualTo("532c16851617c5047b01953db50fc4b76682d6fe8f45a9c1bff19960f40376b5");
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", null))
			.isEqualTo("0347c922aae1529bd03f2c79890fac997975b5d381f3d24186c674a7fcdc4462");
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "text", null, null, "24571373839175680"))
			.isEqualTo("006ae315bf2684b17901e1fd0875e9ca53b5fe92a6893533beac273100111fa0");
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "subscribe", "", null))
			.isEqualTo("b4dab71dc633ee0e911301e0a8006944f9281e2af9064b60e34fbdfcba8f8629");
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "subscribe", null, null))
			.isEqualTo("94b15ea82959f2c8b61db093a2299651e9aba5d2a0453eddb5950e235bf2de2d");
		assertThat(DedupIds.compute("ab", "c", 0, "event", null, null, null))
			.isEqualTo("f2c8758e49fcb4f425f54138f39701f2fd47dcd4ee32a2735e053e2e9336c8e7");
		assertThat(DedupIds.compute("a", "bc", 0, "event", null, null, null))
			.isEqualTo("5e75e124c105da34b16720ed8828a43a63733fbf323147b75a0228a717bbb831");
		assertThat(DedupIds.compute(APP_ID, "用户", CREATE_TIME, "event", "SCAN", "场景", null))
			.isEqualTo("5ed09a52442f163aa4227f4f4f6085427e563d97a8e392313ac45359353e85c9");
	}

	@Test
	void shouldBeTheSha256OfTheDocumentedEncoding() throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(SCAN_ENCODING));
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", null))
			.isEqualTo(HexFormat.of().formatHex(digest))
			.matches("[0-9a-f]{64}");
	}

	@Test
	void shouldGiveTwoRetriesOfOnePushTheSameId() {
		WechatEvent first = AvroSerdeTests.sampleEvent();
		WechatEvent retry = WechatEvent.newBuilder(first)
			.setEventId("0192f0c4-9f1e-7a3b-8c2d-ffffffffffff")
			.setReceivedAt(Instant.ofEpochMilli(1714112450999L))
			.setRequest(OriginalRequest.newBuilder(first.getRequest())
				.setRawQuery("signature=y&timestamp=1714112450&nonce=2")
				.build())
			.build();
		assertThat(DedupIds.compute(retry)).isEqualTo(DedupIds.compute(first))
			.isEqualTo("532c16851617c5047b01953db50fc4b76682d6fe8f45a9c1bff19960f40376b5");
	}

	@Test
	void shouldChangeWithAnyOfItsFields() {
		List<String> ids = List.of(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", "1"),
				DedupIds.compute("wxba5fad812f8e6fb8", OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID + "x", CREATE_TIME, "event", "SCAN", "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME + 1, "event", "SCAN", "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "text", "SCAN", "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "scan", "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abd", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", "2"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", null),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "abc", ""),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", null, "abc", "1"),
				DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", null, "1"));
		Set<String> distinct = new HashSet<>(ids);
		assertThat(distinct).hasSameSizeAs(ids);
	}

	@Test
	void shouldKeepValuesFromRunningIntoTheNextField() {
		assertThat(DedupIds.compute("ab", "c", 0, "event", null, null, null))
			.isNotEqualTo(DedupIds.compute("a", "bc", 0, "event", null, null, null));
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "", null))
			.isNotEqualTo(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", null, ""));
		assertThat(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN\u0000", "abc", null))
			.isNotEqualTo(DedupIds.compute(APP_ID, OPEN_ID, CREATE_TIME, "event", "SCAN", "\u0000abc", null));
	}

	@Test
	void shouldPreferTheIdAnEventCarriesAndComputeItForOlderRecords() {
		WechatEvent older = AvroSerdeTests.sampleEvent();
		assertThat(older.getDedupId()).isNull();
		assertThat(DedupIds.of(older)).isEqualTo(DedupIds.compute(older));
		WechatEvent current = WechatEvent.newBuilder(older).setDedupId(DedupIds.compute(older)).build();
		assertThat(DedupIds.of(current)).isEqualTo(DedupIds.of(older));
		WechatEvent carried = WechatEvent.newBuilder(older).setDedupId("carried").build();
		assertThat(DedupIds.of(carried)).isEqualTo("carried");
	}

	@Test
	void shouldSurviveTheRecordRoundTrip() {
		WechatEvent event = AvroSerdeTests.sampleEvent();
		event.setDedupId(DedupIds.compute(event));
		WechatEvent decoded = AvroSerdes.wechatEvent().decode(AvroSerdes.wechatEvent().encode(event));
		assertThat(decoded.getDedupId()).isEqualTo(event.getDedupId()).isEqualTo(DedupIds.compute(decoded));
	}

	private static String hex(String value) {
		return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
	}

}
