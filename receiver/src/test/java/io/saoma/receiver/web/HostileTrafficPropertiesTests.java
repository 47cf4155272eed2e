package io.saoma.receiver.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.testsupport.wechat.ProtocolSamples;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.metrics.PushMetrics;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic, property-based (jqwik): generators for every class of attack of issue
 * 9, each input driven through the real HTTP handler ({@link WechatRoutes} bound in
 * memory, a recording publisher in place of Kafka). For every input: the answer is a 4xx
 * (never a 5xx) with the documented JSON error body and nothing is published, unless the
 * input is actually valid, and then it is answered {@code success} and published once as
 * exactly the event the untampered push carries. Tries per property come from
 * {@code jqwik.tries.default} ({@code src/test/resources/junit-platform.properties}); the
 * counts by attack class and answer are written to
 * {@code target/hostile-traffic/summary.txt}.
 * <p>
 * Three accounts share the keys of the protocol's TV3: {@code plain} (weakest accepted
 * mode plaintext, so every mode reaches its decoder), {@code compat} (compatible) and
 * {@code safe} (safe). The server clock is fixed at TV3's timestamp; the replay window is
 * 300 s.
 */
class HostileTrafficPropertiesTests {

	static final long NOW = 1714112445L;

	static final String TOKEN = "AAAAA";

	static final String AES_KEY = "A".repeat(43);

	static final String APP_ID = "wxba5fad812f8e6fb9";

	static final int MAX_BODY = 64 * 1024;

	static final String XML_MESSAGE = "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oUser]]>"
			+ "</FromUserName><CreateTime>%s</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]>"
			+ "</Event><EventKey><![CDATA[scene]]></EventKey><Ticket><![CDATA[T]]></Ticket>%s</xml>\n";

	static final String JSON_MESSAGE = "{\"ToUserName\":\"gh_test\",\"FromUserName\":\"oUser\",\"CreateTime\":%s,"
			+ "\"MsgType\":\"event\",\"Event\":\"SCAN\",\"EventKey\":\"scene\",\"Ticket\":\"T\"%s}\n";

	private static final Map<String, Map<String, LongAdder>> ANSWERS = new ConcurrentSkipListMap<>();

	private static final AtomicLong NONCES = new AtomicLong();

	private static final Set<String> TAGS_400 = Set.of("malformed", "decrypt_failure");

	private static final Map<Integer, Set<String>> TAGS = Map.of(400, TAGS_400, 401, Set.of("bad_signature"), 403,
			Set.of("replayed"), 404, Set.of("unknown_account"), 408, Set.of("body_timeout"), 413, Set.of("too_large"));

	private static final JsonMapper JSON = new JsonMapper();

	private final List<WechatEvent> published = new CopyOnWriteArrayList<>();

	private final WebTestClient client;

	HostileTrafficPropertiesTests() {
		WechatAccounts accounts = WechatAccounts.from(new WechatAccountsProperties(Map.of("plain",
				new WechatAccountsProperties.Account(APP_ID, null, TOKEN, AES_KEY, null, "plaintext"), "compat",
				new WechatAccountsProperties.Account(APP_ID, null, TOKEN, AES_KEY, null, "compatible"), "safe",
				new WechatAccountsProperties.Account(APP_ID, null, TOKEN, AES_KEY, null, "safe"))));
		Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
		WechatHandler handler = new WechatHandler(accounts, new PushDecoder(clock, Duration.ofSeconds(300)),
				(event) -> Mono.fromRunnable(() -> this.published.add(event)),
				new PushMetrics(new SimpleMeterRegistry(), accounts), new RequestBodies(MAX_BODY), clock, 64,
				Duration.ofSeconds(30), RejectionLog.warnings(Duration.ofHours(1)));
		this.client = WebTestClient.bindToRouterFunction(WechatRoutes.of(handler))
			.configureClient()
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	// ---------------------------------------------------------------- properties, one
	// per attack class

	/**
	 * Repetition bombs in XML: the same element thousands of times, in each place a body
	 * can carry one.
	 */
	@Property
	void xmlRepetitionBombsAreRefused(@ForAll("where") Where where, @ForAll("xmlUnits") String unit,
			@ForAll("bombCounts") int count) {
		exchange("xml repetition bomb", place(where, Format.XML, "", unit.repeat(count), null));
	}

	/** Repetition bombs in JSON: repeated keys, huge arrays and repeated objects. */
	@Property
	void jsonRepetitionBombsAreRefused(@ForAll("where") Where where, @ForAll("jsonUnits") String unit,
			@ForAll("bombCounts") int count) {
		String insertion = unit.startsWith("[") ? ",\"A\":[" + "1,".repeat(count - 1) + "1]" : unit.repeat(count);
		exchange("json repetition bomb", place(where, Format.JSON, "", insertion, null));
	}

	/** Deep nesting, closed or not, in XML and JSON. */
	@Property
	void deepNestingIsRefused(@ForAll("where") Where where, @ForAll Format format, @ForAll("depths") int depth,
			@ForAll boolean closed, @ForAll boolean arrays) {
		String insertion;
		if (format == Format.XML) {
			insertion = "<N>".repeat(depth) + (closed ? "x" + "</N>".repeat(depth) : "");
		}
		else if (arrays) {
			insertion = ",\"N\":" + "[".repeat(depth) + (closed ? "1" + "]".repeat(depth) : "");
		}
		else {
			insertion = ",\"N\":" + "{\"N\":".repeat(depth - 1) + (closed ? "1" + "}".repeat(depth - 1) : "");
		}
		exchange("deep nesting", place(where, format, "", insertion, null));
	}

	/**
	 * DOCTYPEs and entities: XXE, billion laughs, parameter entities, external DTDs,
	 * undeclared entities.
	 */
	@Property
	void doctypesAndEntitiesAreRefused(@ForAll("where") Where where, @ForAll("doctypes") String[] doctype,
			@ForAll boolean jsonEnvelope) {
		Case built = place(where, Format.XML, doctype[0], doctype[1], null);
		if (jsonEnvelope && (where == Where.INNER_MESSAGE)) {
			// an XML message with a DOCTYPE inside a JSON-format envelope
			String encrypt = encrypt(bytes(doctype[0] + xmlMessage(Long.toString(NOW), doctype[1])));
			built = encrypted("safe", jsonEnvelope(encrypt, ""), encrypt, true, null);
		}
		exchange("doctype/entities", built);
	}

	/**
	 * Every valid push of every mode and data format cut at a random offset (every offset
	 * when the tries cover them: jqwik then generates exhaustively): refused, or, if the
	 * cut removed only trailing whitespace, the same event.
	 */
	@Property
	void truncationsAreRefusedOrTheSameEvent(@ForAll("truncations") Truncation truncation) {
		exchange("truncation",
				(truncation.kind != null) ? truncation.kind.cut(truncation.offset) : tv3Cut(truncation.offset));
	}

	/**
	 * Bad UTF-8 at any position of the body or of the decrypted message, and byte order
	 * marks.
	 */
	@Property
	void badUtf8AndBomsAreRefused(@ForAll Valid kind, @ForAll("badUtf8") byte[] sequence,
			@ForAll("fractions") double at) {
		exchange("bad utf-8", kind.mutate((message) -> insert(message, (int) (at * message.length), sequence)));
	}

	@Property
	void byteOrderMarksAreRefusedUnlessOneUtf8MarkLeadsTheText(@ForAll Valid kind, @ForAll("boms") Bom bom) {
		Case built = kind.mutate(bom::apply);
		exchange("byte order marks", bom.valid ? built.accepting(kind.expected()) : built);
	}

	/**
	 * A captured safe-mode push replayed in a weaker mode or with its parameters mixed:
	 * never a forged event.
	 */
	@Property
	void downgradesAreRefused(@ForAll Downgrade downgrade, @ForAll Format format, @ForAll boolean toCompatible) {
		exchange("downgrade", downgrade.build(format, toCompatible ? "compat" : "safe"));
	}

	/**
	 * Replayed and shifted timestamps: out of the window 403, not a number 400, signed
	 * correctly every time.
	 */
	@Property
	void timestampsOutsideTheWindowOrNotNumbersAreRefused(@ForAll Valid kind, @ForAll("timestamps") String timestamp) {
		exchange("timestamps", kind.signedAt(timestamp));
	}

	/**
	 * A plaintext push's (timestamp, nonce) re-used with another body: 403; the same body
	 * again is a retry.
	 */
	@Property
	void replayedNoncesWithAnotherBodyAreRefused(@ForAll Format format, @ForAll("eventKeys") String forgedKey) {
		String nonce = nonce();
		Case genuine = plaintext("plain", NOW, nonce, message(format, Long.toString(NOW), ""),
				expected(EncryptionMode.PLAINTEXT, format, NOW, null, Map.of()));
		exchange("replayed nonce", genuine);
		String forged = message(format, Long.toString(NOW), "").replace("scene", forgedKey);
		exchange("replayed nonce", plaintext("plain", NOW, nonce, forged, null).expect(403));
		exchange("replayed nonce", genuine);
	}

	/**
	 * CreateTime and MsgId that overflow a long, are negative, fractional or not numbers:
	 * a CreateTime is published exactly as sent if it is a time in [0, 10^11) seconds,
	 * refused otherwise.
	 */
	@Property
	void overflowingNumbersAreRefusedOrKeptExactly(@ForAll Valid kind, @ForAll("createTimes") String createTime,
			@ForAll boolean quoted) {
		boolean json = kind.format() == Format.JSON;
		String literal = (json && quoted) ? "\"" + createTime + "\"" : createTime;
		Long parsed = parseLong(createTime.trim());
		if (json && !quoted && !createTime.trim().matches("-?(0|[1-9][0-9]*)")) {
			parsed = null; // not a JSON integer (malformed JSON, a float, true, ...):
							// refused
		}
		if (parsed != null && (parsed < 0 || parsed >= CreateTimes.END_SECONDS)) {
			parsed = null; // a long, but not a time in [0, 10^11) seconds: refused
		}
		String msgId = "9".repeat(1 + (createTime.length() % 40));
		String extra = json ? ",\"MsgId\":" + msgId : "<MsgId>" + msgId + "</MsgId>";
		Case built = kind.withMessage(message(kind.format(), literal, extra));
		exchange("overflowing numbers", (parsed != null)
				? built.accepting(expected(kind.mode(), kind.format(), parsed, msgId, Map.of())) : built.reject());
	}

	/**
	 * Bad padding, length fields, AppIDs, ciphertext lengths and Base64, under a valid
	 * msg_signature.
	 */
	@Property
	void badPaddingAndLengthsAreRefused(@ForAll Frame frame, @ForAll Format format, @ForAll("ints") int parameter) {
		byte[] message = bytes(message(format, Long.toString(NOW), ""));
		FrameCase crafted = frame.craft(message, Math.abs(parameter));
		Case built = encrypted("safe",
				format == Format.XML ? xmlEnvelope(crafted.encrypt, "") : jsonEnvelope(crafted.encrypt, ""),
				crafted.encrypt, true,
				crafted.valid ? expected(EncryptionMode.SAFE, format, NOW, null, Map.of()) : null);
		exchange("bad padding/lengths", built);
	}

	/**
	 * Bodies over max-body-size, declared or chunked, signed or not; the largest valid
	 * ones still pass.
	 */
	@Property
	void oversizeBodiesAreRefused(@ForAll("sizes") int size, @ForAll Format format, @ForAll boolean chunked,
			@ForAll("oversizeAuth") String auth) {
		String base = message(format, Long.toString(NOW), "");
		String padded = (format == Format.XML)
				? base.replace("</xml>", "<!--" + "x".repeat(Math.max(0, size - base.length() - 7)) + "--></xml>")
				: base + " ".repeat(Math.max(0, size - base.length()));
		Case built = switch (auth) {
			case "signed" -> plaintext("plain", NOW, nonce(), padded,
					expected(EncryptionMode.PLAINTEXT, format, NOW, null, Map.of()));
			case "unsigned" -> plaintext("plain", NOW, nonce(), padded, null).withQuery("signature", "0".repeat(40));
			case "unknown account" -> plaintext("nobody", NOW, nonce(), padded, null);
			default -> {
				String encrypt = encrypt(bytes(base));
				yield encrypted("safe", (format == Format.XML) ? xmlEnvelope(encrypt, "<P>" + "x".repeat(size) + "</P>")
						: jsonEnvelope(encrypt, ",\"P\":\"" + "x".repeat(size) + "\""), encrypt, true, null);
			}
		};
		if (padded.length() > MAX_BODY && auth.equals("signed")) {
			built = built.reject();
		}
		exchange("oversize", chunked ? built.chunked() : built);
	}

	// ---------------------------------------------------------------- the oracle

	private void exchange(String attack, Case push) {
		int before = this.published.size();
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri(URI.create("/wechat/" + push.account + "?" + push.query()))
			.header("Content-Type", push.contentType);
		WebTestClient.RequestHeadersSpec<?> withBody;
		if (push.chunked) {
			List<DataBuffer> parts = new ArrayList<>();
			for (int i = 0; i < push.body.length; i += 8192) {
				parts.add(DefaultDataBufferFactory.sharedInstance
					.wrap(Arrays.copyOfRange(push.body, i, Math.min(push.body.length, i + 8192))));
			}
			withBody = request.body(Flux.fromIterable(parts), DataBuffer.class);
		}
		else {
			withBody = request.bodyValue(push.body);
		}
		EntityExchangeResult<byte[]> result = withBody.exchange().expectBody(byte[].class).returnResult();
		int status = result.getStatus().value();
		byte[] answer = (result.getResponseBody() != null) ? result.getResponseBody() : new byte[0];
		List<WechatEvent> events = List.copyOf(this.published.subList(before, this.published.size()));
		String described = push + " answered " + status + " " + new String(answer, StandardCharsets.UTF_8);
		if (status == 200) {
			count(attack, "200 success");
			assertThat(push.mayAccept).as("accepted although not valid: %s", described).isNotNull();
			assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("success");
			assertThat(events).as(described).hasSize(1);
			assertThat(Expected.of(events.get(0))).as(described).isEqualTo(push.mayAccept);
			return;
		}
		assertThat(status).as(described).isBetween(400, 499);
		assertThat(events).as("published although refused: %s", described).isEmpty();
		if (push.status != 0) {
			assertThat(status).as(described).isEqualTo(push.status);
		}
		assertThat(result.getResponseHeaders().getContentType()).as(described).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(result.getResponseHeaders().getConnection()).as(described).contains("close");
		Map<String, Object> error;
		try {
			error = JSON.readValue(answer, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JacksonException ex) {
			throw new AssertionError("answer is not JSON: " + described, ex);
		}
		assertThat(error.keySet()).as(described).containsExactlyInAnyOrder("error", "message");
		assertThat(error.get("message")).as(described).isInstanceOf(String.class);
		assertThat(TAGS.get(status)).as(described).contains(String.valueOf(error.get("error")));
		count(attack, status + " " + error.get("error"));
	}

	private static void count(String attack, String answer) {
		ANSWERS.computeIfAbsent(attack, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(answer, (key) -> new LongAdder())
			.increment();
	}

	@AfterContainer
	static void writeSummary() throws IOException {
		StringBuilder summary = new StringBuilder();
		long total = 0;
		for (Map.Entry<String, Map<String, LongAdder>> attack : ANSWERS.entrySet()) {
			long cases = attack.getValue().values().stream().mapToLong(LongAdder::sum).sum();
			total += cases;
			summary.append(attack.getKey()).append(": ").append(cases).append(" requests;");
			new TreeMap<>(attack.getValue())
				.forEach((answer, n) -> summary.append(' ').append(answer).append(" = ").append(n.sum()).append(';'));
			summary.append('\n');
		}
		summary.append("total: ").append(total).append(" requests\n");
		Path file = Path.of("target", "hostile-traffic", "summary.txt");
		Files.createDirectories(file.getParent());
		Files.writeString(file, summary);
		System.out.print(summary);
	}

	// ---------------------------------------------------------------- generators

	@Provide
	Arbitrary<Where> where() {
		return Arbitraries.of(Where.class);
	}

	@Provide
	Arbitrary<String> xmlUnits() {
		return Arbitraries.of("<A/>", "<A>x</A>", "<A a=\"1\" b='2'/>", "<A><![CDATA[x]]></A>", "<B><C/></B>",
				"<A>\n</A>", "<Encrypt2/>", "<ToUserName>x</ToUserName>");
	}

	@Provide
	Arbitrary<String> jsonUnits() {
		return Arbitraries.of(",\"A\":1", ",\"A\":\"x\"", ",\"A\":{\"B\":1}", ",\"ToUserName\":\"x\"", "[array]",
				",\"A\":[1,2]");
	}

	@Provide
	Arbitrary<Integer> bombCounts() {
		return Arbitraries.integers()
			.between(MessageFieldsCap.FIELDS + 1, 20_000)
			.withDistribution(net.jqwik.api.RandomDistribution.biased())
			.edgeCases((edges) -> edges.includeOnly(257, 16_370, 20_000));
	}

	@Provide
	Arbitrary<Integer> depths() {
		// beyond every cap: XML 6 levels below the root, JSON 8 objects or arrays with
		// the root
		return Arbitraries.integers().between(10, 30_000).edgeCases((edges) -> edges.includeOnly(10, 11, 30_000));
	}

	@Provide
	Arbitrary<String[]> doctypes() {
		String laughs = "<!DOCTYPE xml [<!ENTITY l0 \"lol\">" + java.util.stream.IntStream.range(1, 10)
			.mapToObj((i) -> "<!ENTITY l" + i + " \"" + ("&l" + (i - 1) + ";").repeat(10) + "\">")
			.reduce("", String::concat) + "]>";
		return Arbitraries
			.of(List.of(new String[] { "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "<E>&x;</E>" },
					new String[] { laughs, "<E>&l9;</E>" },
					new String[] { "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]>", "" },
					new String[] { "<!DOCTYPE xml>", "" },
					new String[] { "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"http://127.0.0.1:9/x.dtd\">", "" },
					new String[] { "<!doctype xml>", "" },
					new String[] { "<!-- c --><!DOCTYPE xml [<!ENTITY y \"z\">]>", "<E>&y;</E>" },
					new String[] { "", "<E>&undeclared;</E>" },
					new String[] { "<!DOCTYPE xml [<!ELEMENT xml ANY><!ATTLIST xml a CDATA \"d\">]>", "" },
					new String[] { "", "<!DOCTYPE inner>" }));
	}

	@Provide
	Arbitrary<Truncation> truncations() {
		List<Truncation> all = new ArrayList<>();
		for (Valid kind : Valid.values()) {
			int length = kind.wholeLength();
			for (int offset = 0; offset < length; offset++) {
				all.add(new Truncation(kind, offset));
			}
		}
		for (int offset = 0; offset < tv3Body().length(); offset++) {
			all.add(new Truncation(null, offset));
		}
		return Arbitraries.of(all);
	}

	@Provide
	Arbitrary<byte[]> badUtf8() {
		return Arbitraries.of(new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xBF },
				new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xC0, (byte) 0xBC },
				new byte[] { (byte) 0xC1, (byte) 0xBF }, new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { (byte) 0xED, (byte) 0xBF, (byte) 0xBF },
				new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xFE }, new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xC3 },
				new byte[] { (byte) 0xE2, (byte) 0x82 }, new byte[] { (byte) 0xF0, (byte) 0x9F, (byte) 0x98 },
				new byte[] { (byte) 0xE9 }, new byte[] { (byte) 0xFF, (byte) 0xFE });
	}

	@Provide
	Arbitrary<Double> fractions() {
		return Arbitraries.doubles().between(0, 1).edgeCases((edges) -> edges.includeOnly(0.0, 1.0));
	}

	@Provide
	Arbitrary<Bom> boms() {
		return Arbitraries.of(Bom.values());
	}

	@Provide
	Arbitrary<String> timestamps() {
		Arbitrary<String> shifted = Arbitraries.longs()
			.edgeCases((edges) -> edges.add(Long.MIN_VALUE, Long.MAX_VALUE, 301L, -301L, 300L, -300L, 1L << 31,
					-(1L << 31), Long.MAX_VALUE - NOW, Long.MIN_VALUE + NOW))
			.map((offset) -> Long.toString(NOW + offset));
		Arbitrary<String> odd = Arbitraries.of("abc", "1714112445.0", "1.714112445e9", "0x66290E3D", "+1714112445",
				"-0", "01714112445", "9223372036854775808", "-9223372036854775809", " 1714112445", "1714112445\n",
				"NaN", "null", "1714112445000", "\uFF11\uFF17\uFF11\uFF14\uFF11\uFF11\uFF12\uFF14\uFF14\uFF15",
				"1714112445,1714112445", "%00", "1714112445\u0000", Long.toString(Long.MIN_VALUE),
				Long.toString(Long.MAX_VALUE), "99999999999999999999999999999", "-", "++1");
		Arbitrary<String> near = Arbitraries.integers().between(-600, 600).map((d) -> Long.toString(NOW + d));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, shifted), net.jqwik.api.Tuple.of(2, odd),
				net.jqwik.api.Tuple.of(2, near));
	}

	@Provide
	Arbitrary<String> eventKeys() {
		return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).map((key) -> "forged" + key);
	}

	@Provide
	Arbitrary<String> createTimes() {
		return Arbitraries.oneOf(
				Arbitraries.of("10000000000000000", "9223372036854775808", "9223372036854775807",
						"-9223372036854775808", "-9223372036854775809", "18446744073709551616", "1" + "0".repeat(30),
						"-1", "0", "-0", "99999999999", "100000000000", "1e16", "1E3", "1.5", "0x10", "", " ", " 12 ",
						"+12", "NaN", "Infinity", "true", "1714112445 1714112445", "\uFF11\uFF12"),
				Arbitraries.longs().map((n) -> Long.toString(n)),
				Arbitraries.longs().between(0, CreateTimes.END_SECONDS - 1).map((n) -> Long.toString(n)),
				Arbitraries.bigIntegers()
					.between(java.math.BigInteger.ONE.shiftLeft(63), java.math.BigInteger.ONE.shiftLeft(200))
					.map((n) -> (n.testBit(0) ? "-" : "") + n.toString()));
	}

	@Provide
	Arbitrary<Integer> ints() {
		return Arbitraries.integers().between(0, 100_000);
	}

	@Provide
	Arbitrary<Integer> sizes() {
		return Arbitraries.integers()
			.between(MAX_BODY - 2, 4 * MAX_BODY)
			.edgeCases((edges) -> edges.includeOnly(MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, 4 * MAX_BODY));
	}

	@Provide
	Arbitrary<String> oversizeAuth() {
		return Arbitraries.of("signed", "unsigned", "unknown account", "signed envelope");
	}

	// ---------------------------------------------------------------- attack builders

	/** Where hostile content sits. */
	enum Where {

		/**
		 * An authenticated plaintext body ({@code signature} right; it does not cover the
		 * body).
		 */
		PLAINTEXT_BODY,
		/**
		 * A safe-mode envelope next to an {@code Encrypt} whose {@code msg_signature} is
		 * wrong: unauthenticated.
		 */
		ENVELOPE_UNSIGNED,
		/**
		 * A captured, correctly signed {@code Encrypt} with the hostile content beside it
		 * in the envelope.
		 */
		ENVELOPE_SIGNED,
		/**
		 * The decrypted message of a correctly signed push (only the Token and key holder
		 * can send it).
		 */
		INNER_MESSAGE

	}

	enum Format {

		XML, JSON

	}

	private static Case place(Where where, Format format, String prefix, String insertion, Expected mayAccept) {
		String message = prefix + message(format, Long.toString(NOW), insertion);
		return switch (where) {
			case PLAINTEXT_BODY -> plaintext("plain", NOW, nonce(), message, mayAccept);
			case INNER_MESSAGE -> {
				String encrypt = encrypt(bytes(message));
				yield encrypted("safe", envelope(format, encrypt, ""), encrypt, true, mayAccept);
			}
			case ENVELOPE_SIGNED, ENVELOPE_UNSIGNED -> {
				String encrypt = encrypt(bytes(message(format, Long.toString(NOW), "")));
				String envelope = prefix + envelope(format, encrypt, insertion);
				yield encrypted(where == Where.ENVELOPE_SIGNED ? "plain" : "safe", envelope, encrypt,
						where == Where.ENVELOPE_SIGNED, mayAccept);
			}
		};
	}

	static String message(Format format, String createTime, String insertion) {
		return String.format((format == Format.XML) ? XML_MESSAGE : JSON_MESSAGE, createTime, insertion);
	}

	static String xmlMessage(String createTime, String insertion) {
		return message(Format.XML, createTime, insertion);
	}

	static String envelope(Format format, String encrypt, String insertion) {
		return (format == Format.XML) ? xmlEnvelope(encrypt, insertion) : jsonEnvelope(encrypt, insertion);
	}

	static String xmlEnvelope(String encrypt, String insertion) {
		return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName>" + insertion + "<Encrypt><![CDATA[" + encrypt
				+ "]]></Encrypt></xml>";
	}

	static String jsonEnvelope(String encrypt, String insertion) {
		return "{\"ToUserName\":\"gh_test\"" + insertion + ",\"Encrypt\":\"" + encrypt + "\"}";
	}

	static String compatibleEnvelope(String message, String encrypt) {
		return message.replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
	}

	static Expected expected(EncryptionMode mode, Format format, long createTime, String msgId,
			Map<String, String> fields) {
		return new Expected("gh_test", "oUser", createTime, "event", "SCAN", "scene", "T", msgId, new TreeMap<>(fields),
				mode, (format == Format.XML) ? PayloadFormat.XML : PayloadFormat.JSON);
	}

	static Case plaintext(String account, long timestamp, String nonce, String body, Expected mayAccept) {
		return plaintext(account, Long.toString(timestamp), nonce, bytes(body), mayAccept);
	}

	static Case plaintext(String account, String timestamp, String nonce, byte[] body, Expected mayAccept) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("signature", WechatSignature.compute(TOKEN, timestamp, nonce));
		query.put("timestamp", timestamp);
		query.put("nonce", nonce);
		query.put("openid", "oUser");
		return new Case(account, query, body, contentType(body), false, mayAccept, 0);
	}

	static Case encrypted(String account, String envelope, String encrypt, boolean signed, Expected mayAccept) {
		return encrypted(account, Long.toString(NOW), nonce(), bytes(envelope), encrypt, signed, mayAccept);
	}

	static Case encrypted(String account, String timestamp, String nonce, byte[] envelope, String encrypt,
			boolean signed, Expected mayAccept) {
		Case push = plaintext(account, timestamp, nonce, envelope, mayAccept);
		push.query.put("encrypt_type", "aes");
		push.query.put("msg_signature",
				WechatSignature.compute(TOKEN, timestamp, nonce, signed ? encrypt : encrypt + "x"));
		return push;
	}

	private static String contentType(byte[] body) {
		for (byte b : body) {
			if (b == '{') {
				return "application/json";
			}
			if (b == '<') {
				return "text/xml";
			}
		}
		return "text/xml";
	}

	static String nonce() {
		return "h" + NONCES.incrementAndGet();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] insert(byte[] into, int at, byte[] what) {
		byte[] result = new byte[into.length + what.length];
		System.arraycopy(into, 0, result, 0, at);
		System.arraycopy(what, 0, result, at, what.length);
		System.arraycopy(into, at, result, at + what.length, into.length - at);
		return result;
	}

	static Long parseLong(String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The protocol's TV3 safe-mode push exactly as captured, cut: the receiver cannot
	 * re-sign, so always refused.
	 */
	static Case tv3Cut(int offset) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : ProtocolSamples.TV3_QUERY.split("&")) {
			query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		byte[] body = Arrays.copyOf(bytes(tv3Body()), offset);
		return new Case("safe", query, body, "text/xml", false, null, 0);
	}

	static String tv3Body() {
		return "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA["
				+ ProtocolSamples.TV3_ENCRYPT + "]]></Encrypt></xml>";
	}

	// ---------------------------------------------------------------- crypto, as WeChat
	// does it and as it must not

	private static final byte[] KEY = Base64.getDecoder().decode(AES_KEY + "=");

	static String encrypt(byte[] message) {
		return base64(aes(frame(message, message.length, bytes(APP_ID), true)));
	}

	/**
	 * random(16) || length || message || appid, PKCS#7 over 32-byte blocks if
	 * {@code pad}.
	 */
	static byte[] frame(byte[] message, int lengthField, byte[] appId, boolean pad) {
		int size = 20 + message.length + appId.length;
		int padding = pad ? 32 - (size % 32) : 0;
		ByteBuffer frame = ByteBuffer.allocate(size + padding);
		frame.put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).putInt(lengthField).put(message).put(appId);
		for (int i = 0; i < padding; i++) {
			frame.put((byte) padding);
		}
		return frame.array();
	}

	static byte[] aes(byte[] plain) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"),
					new IvParameterSpec(Arrays.copyOfRange(KEY, 0, 16)));
			return cipher.doFinal(plain);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	/** How {@link #badPaddingAndLengthsAreRefused} crafts an Encrypt. */
	enum Frame {

		/** The control: a correct frame, accepted. */
		CORRECT {
			@Override
			FrameCase craft(byte[] message, int p) {
				return new FrameCase(encrypt(message), true);
			}
		},
		/** A length field beyond the frame: by 1 to the whole int range, and negative. */
		LENGTH_TOO_LARGE {
			@Override
			FrameCase craft(byte[] message, int p) {
				int[] lengths = { message.length + 1, message.length + 18, message.length + 1 + p, Integer.MAX_VALUE,
						-1, Integer.MIN_VALUE, -message.length };
				return signed(frame(message, lengths[p % lengths.length], bytes(APP_ID), true));
			}
		},
		/** A length field short of the message, so the AppID starts inside it. */
		LENGTH_TOO_SMALL {
			@Override
			FrameCase craft(byte[] message, int p) {
				return signed(frame(message, p % message.length, bytes(APP_ID), true));
			}
		},
		/** A final padding byte of 0 or over 32. */
		PADDING_OUT_OF_RANGE {
			@Override
			FrameCase craft(byte[] message, int p) {
				byte[] frame = frame(message, message.length, bytes(APP_ID), true);
				int[] values = { 0, 33, 64, 127, 128, 255 };
				frame[frame.length - 1] = (byte) values[p % values.length];
				return signed(frame);
			}
		},
		/** A padding whose bytes do not all equal its length. */
		PADDING_INCONSISTENT {
			@Override
			FrameCase craft(byte[] message, int p) {
				byte[] frame = frame(message, message.length, bytes(APP_ID), true);
				int padding = frame[frame.length - 1];
				if (padding < 2) {
					frame = frame(bytes(new String(message, StandardCharsets.UTF_8) + " "), message.length + 1,
							bytes(APP_ID), true);
					padding = frame[frame.length - 1];
				}
				frame[frame.length - 2 - (p % (padding - 1))] ^= 0x01;
				return signed(frame);
			}
		},
		/**
		 * A 32-byte aligned frame with no padding block at all (the last byte is the
		 * AppID's).
		 */
		NO_PADDING {
			@Override
			FrameCase craft(byte[] message, int p) {
				byte[] frame = frame(message, message.length, bytes(APP_ID), false);
				int missing = (32 - frame.length % 32) % 32;
				byte[] extended = frame(bytes(new String(message, StandardCharsets.UTF_8) + " ".repeat(missing)),
						message.length + missing, bytes(APP_ID), false);
				return signed(extended);
			}
		},
		/**
		 * The frame encrypted for another AppID, or for a prefix or extension of this
		 * one.
		 */
		WRONG_APPID {
			@Override
			FrameCase craft(byte[] message, int p) {
				String[] ids = { "wx0000000000000000", APP_ID.substring(0, APP_ID.length() - 1), APP_ID + "x",
						APP_ID.toUpperCase(), "", "x" + APP_ID };
				return signed(frame(message, message.length, bytes(ids[p % ids.length]), true));
			}
		},
		/** A ciphertext that is empty, not a multiple of 32 bytes, or cut. */
		CIPHERTEXT_LENGTH {
			@Override
			FrameCase craft(byte[] message, int p) {
				byte[] cipher = aes(frame(message, message.length, bytes(APP_ID), true));
				int keep = p % cipher.length;
				if (keep % 32 == 0) {
					keep += 16;
				}
				return new FrameCase(base64(Arrays.copyOf(cipher, keep)), false);
			}
		},
		/** Another block of bytes after a correct ciphertext. */
		EXTRA_BLOCK {
			@Override
			FrameCase craft(byte[] message, int p) {
				byte[] cipher = aes(frame(message, message.length, bytes(APP_ID), true));
				byte[] longer = Arrays.copyOf(cipher, cipher.length + 32);
				Arrays.fill(longer, cipher.length, longer.length, (byte) p);
				return new FrameCase(base64(longer), false);
			}
		},
		/**
		 * Base64 that is not Base64: other alphabets, whitespace, stray characters,
		 * broken padding.
		 */
		BAD_BASE64 {
			@Override
			FrameCase craft(byte[] message, int p) {
				String encrypt = encrypt(message);
				int at = p % encrypt.length();
				String[] strays = { " ", "\n", "*", "-", "_", "=", "%", ".", "\u00e9" };
				String stray = strays[p % strays.length];
				return new FrameCase(encrypt.substring(0, at) + stray + encrypt.substring(at), false);
			}
		},
		/**
		 * Base64 without its trailing '=': the decoder accepts it, and it is the same
		 * frame.
		 */
		BASE64_UNPADDED {
			@Override
			FrameCase craft(byte[] message, int p) {
				String encrypt = encrypt(message);
				return new FrameCase(encrypt.replace("=", ""), true);
			}
		};

		abstract FrameCase craft(byte[] message, int parameter);

		static FrameCase signed(byte[] frame) {
			return new FrameCase(base64(aes(frame)), false);
		}

	}

	record FrameCase(String encrypt, boolean valid) {

	}

	// ---------------------------------------------------------------- valid pushes and
	// their mutations

	interface BytesMutation {

		byte[] apply(byte[] bytes);

	}

	/** The valid pushes hostile ones are derived from: each mode and data format. */
	enum Valid {

		PLAINTEXT_XML(EncryptionMode.PLAINTEXT, Format.XML, false),
		PLAINTEXT_JSON(EncryptionMode.PLAINTEXT, Format.JSON, false),
		COMPATIBLE_XML(EncryptionMode.COMPATIBLE, Format.XML, false), SAFE_XML(EncryptionMode.SAFE, Format.XML, false),
		SAFE_JSON(EncryptionMode.SAFE, Format.JSON, false), SAFE_XML_INNER(EncryptionMode.SAFE, Format.XML, true),
		SAFE_JSON_INNER(EncryptionMode.SAFE, Format.JSON, true);

		final EncryptionMode mode;

		final Format format;

		/** Whether mutations apply to the decrypted message rather than to the body. */
		final boolean inner;

		Valid(EncryptionMode mode, Format format, boolean inner) {
			this.mode = mode;
			this.format = format;
			this.inner = inner;
		}

		EncryptionMode mode() {
			return this.mode;
		}

		Format format() {
			return this.format;
		}

		String account() {
			return switch (this.mode) {
				case PLAINTEXT -> "plain";
				case COMPATIBLE -> "compat";
				default -> "safe";
			};
		}

		Expected expected() {
			return HostileTrafficPropertiesTests.expected(this.mode, this.format, NOW, null, Map.of());
		}

		/** The valid push with its message replaced (and re-encrypted and re-signed). */
		Case withMessage(String message) {
			return build(Long.toString(NOW), nonce(), bytes(message), (body) -> body, expected());
		}

		/**
		 * The valid push signed for another timestamp: accepted only if it parses and is
		 * within the window.
		 */
		Case signedAt(String timestamp) {
			Long seconds = parseLong(timestamp);
			boolean inWindow = seconds != null && seconds >= NOW - 300 && seconds <= NOW + 300;
			Case push = build(timestamp, nonce(), bytes(message(this.format, Long.toString(NOW), "")), (body) -> body,
					inWindow ? expected() : null);
			if (timestamp.isEmpty()) {
				return push.expect(401);
			}
			return inWindow ? push : push.expect((seconds == null) ? 400 : 403);
		}

		/**
		 * The valid push with its body (or decrypted message, for the inner kinds)
		 * mutated: to be refused.
		 */
		Case mutate(BytesMutation mutation) {
			byte[] message = bytes(message(this.format, Long.toString(NOW), ""));
			return this.inner ? build(Long.toString(NOW), nonce(), mutation.apply(message), (body) -> body, null)
					: build(Long.toString(NOW), nonce(), message, mutation, null);
		}

		/**
		 * Length of what {@link #cut} cuts: the body, or the decrypted message for the
		 * inner kinds.
		 */
		int wholeLength() {
			byte[] message = bytes(message(this.format, Long.toString(NOW), ""));
			return this.inner ? message.length
					: build(Long.toString(NOW), "n", message, (body) -> body, null).body.length;
		}

		/**
		 * The valid push cut at {@code offset} (body or decrypted message): the same
		 * event or refused.
		 */
		Case cut(int offset) {
			byte[] message = bytes(message(this.format, Long.toString(NOW), ""));
			if (this.inner) {
				boolean sameEvent = new String(message, StandardCharsets.UTF_8).substring(offset).isBlank();
				return build(Long.toString(NOW), nonce(), Arrays.copyOf(message, offset), (body) -> body,
						sameEvent ? expected() : null);
			}
			Case whole = build(Long.toString(NOW), nonce(), message, (body) -> body, null);
			boolean sameEvent = new String(whole.body, offset, whole.body.length - offset, StandardCharsets.UTF_8)
				.isBlank();
			return whole.withBody(Arrays.copyOf(whole.body, offset)).accepting(sameEvent ? expected() : null);
		}

		private Case build(String timestamp, String nonce, byte[] message, BytesMutation bodyMutation,
				Expected mayAccept) {
			String text = new String(message, StandardCharsets.UTF_8);
			if (this.mode == EncryptionMode.PLAINTEXT) {
				return plaintext(account(), timestamp, nonce, bodyMutation.apply(message), mayAccept);
			}
			String encrypt = base64(aes(frame(message, message.length, bytes(APP_ID), true)));
			String envelope = (this.mode == EncryptionMode.COMPATIBLE) ? compatibleEnvelope(text, encrypt)
					: envelope(this.format, encrypt, "");
			return encrypted(account(), timestamp, nonce, bodyMutation.apply(bytes(envelope)), encrypt, true,
					mayAccept);
		}

	}

	record Truncation(Valid kind, int offset) {

		@Override
		public String toString() {
			return ((this.kind != null) ? this.kind.name() : "TV3") + " cut at " + this.offset;
		}

	}

	/** Byte order marks at the start of a body or decrypted message. */
	enum Bom {

		UTF8(true, 0xEF, 0xBB, 0xBF), UTF8_TWICE(false, 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF),
		UTF16_BE(false, 0xFE, 0xFF), UTF16_LE(false, 0xFF, 0xFE), UTF32_LE(false, 0xFF, 0xFE, 0x00, 0x00),
		UTF32_BE(false, 0x00, 0x00, 0xFE, 0xFF), SPACE_THEN_UTF8(false, 0x20, 0xEF, 0xBB, 0xBF), UTF16_LE_TEXT(false),
		UTF8_THEN_UTF16_LE_TEXT(false);

		final boolean valid;

		final byte[] prefix;

		Bom(boolean valid, int... prefix) {
			this.valid = valid;
			this.prefix = new byte[prefix.length];
			for (int i = 0; i < prefix.length; i++) {
				this.prefix[i] = (byte) prefix[i];
			}
		}

		byte[] apply(byte[] text) {
			if (this == UTF16_LE_TEXT || this == UTF8_THEN_UTF16_LE_TEXT) {
				byte[] utf16 = new String(text, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
				return (this == UTF16_LE_TEXT) ? insert(utf16, 0, new byte[] { (byte) 0xFF, (byte) 0xFE })
						: insert(utf16, 0, UTF8.prefix);
			}
			return insert(text, 0, this.prefix);
		}

	}

	/** Mode mixes on a captured safe-mode push, replayed by someone without the Token. */
	enum Downgrade {

		/**
		 * encrypt_type and msg_signature removed, a forged plaintext body under the
		 * captured signature.
		 */
		STRIPPED_FORGED_BODY,
		/** encrypt_type and msg_signature removed, the captured envelope. */
		STRIPPED_ENVELOPE,
		/** encrypt_type=raw, msg_signature kept, a forged plaintext body. */
		RAW_FORGED_BODY,
		/** Only encrypt_type removed, msg_signature kept, a forged plaintext body. */
		NO_ENCRYPT_TYPE_FORGED_BODY,
		/** encrypt_type=aes kept, msg_signature removed. */
		NO_MSG_SIGNATURE,
		/**
		 * encrypt_type=aes and the captured msg_signature, a forged plaintext body (no
		 * Encrypt).
		 */
		AES_FORGED_BODY,
		/**
		 * The captured Encrypt with forged clear fields beside it (a compatible-mode
		 * envelope).
		 */
		FORGED_CLEAR_FIELDS,
		/** The captured Encrypt with a forged FromUserName in the JSON envelope. */
		FORGED_JSON_CLEAR_FIELDS,
		/** encrypt_type=AES: the same mode in other letters, accepted. */
		UPPERCASE_AES,
		/** encrypt_type given twice, raw first. */
		ENCRYPT_TYPE_RAW_THEN_AES,
		/** encrypt_type given twice, aes first: the captured push itself. */
		ENCRYPT_TYPE_AES_THEN_RAW,
		/** The msg_signature of another captured push. */
		OTHER_MSG_SIGNATURE,
		/** signature removed, msg_signature right. */
		NO_SIGNATURE,
		/** A genuine plaintext-mode push (signature right) to an encrypted account. */
		GENUINE_PLAINTEXT,
		/** A genuine compatible-mode push (both signatures right). */
		GENUINE_COMPATIBLE,
		/** The captured push with the timestamp moved (the attacker cannot re-sign). */
		SHIFTED_TIMESTAMP;

		Case build(Format format, String account) {
			String nonce = nonce();
			String ts = Long.toString(NOW);
			String message = message(format, ts, "");
			String forged = message.replace("oUser", "oVictim");
			String encrypt = encrypt(bytes(message));
			Case captured = encrypted(account, ts, nonce, bytes(envelope(format, encrypt, "")), encrypt, true, null);
			Expected safe = expected(EncryptionMode.SAFE, format, NOW, null, Map.of());
			Expected compatible = expected(EncryptionMode.COMPATIBLE, format, NOW, null, Map.of());
			boolean compat = account.equals("compat");
			return switch (this) {
				case STRIPPED_FORGED_BODY ->
					captured.withBody(forged).withQuery("encrypt_type", null).withQuery("msg_signature", null);
				case STRIPPED_ENVELOPE -> captured.withQuery("encrypt_type", null).withQuery("msg_signature", null);
				case RAW_FORGED_BODY -> captured.withBody(forged).withQuery("encrypt_type", "raw");
				case NO_ENCRYPT_TYPE_FORGED_BODY -> captured.withBody(forged).withQuery("encrypt_type", null);
				case NO_MSG_SIGNATURE -> captured.withQuery("msg_signature", null).expect(401);
				case AES_FORGED_BODY -> captured.withBody(forged);
				case FORGED_CLEAR_FIELDS ->
					captured.withBody(compatibleEnvelope(xmlMessage(ts, "").replace("oUser", "oVictim"), encrypt))
						.accepting(compat ? compatible : null);
				case FORGED_JSON_CLEAR_FIELDS ->
					captured.withBody(jsonEnvelope(encrypt, ",\"FromUserName\":\"oVictim\",\"Event\":\"subscribe\""))
						.accepting(compat ? compatible : null);
				case UPPERCASE_AES -> captured.withQuery("encrypt_type", "AES").accepting(safe);
				case ENCRYPT_TYPE_RAW_THEN_AES ->
					captured.withBody(forged).withQuery("encrypt_type", "raw").withExtra("encrypt_type=aes");
				case ENCRYPT_TYPE_AES_THEN_RAW -> captured.withExtra("encrypt_type=raw").accepting(safe);
				case OTHER_MSG_SIGNATURE -> {
					String other = encrypt(bytes(forged));
					yield captured.withBody(envelope(format, other, ""));
				}
				case NO_SIGNATURE -> captured.withQuery("signature", null).expect(401);
				case GENUINE_PLAINTEXT -> plaintext(account, NOW, nonce, message, null).expect(401);
				case GENUINE_COMPATIBLE ->
					encrypted(account, ts, nonce, bytes(compatibleEnvelope(xmlMessage(ts, ""), encrypt)), encrypt, true,
							compat ? compatible : null);
				case SHIFTED_TIMESTAMP -> captured.withQuery("timestamp", Long.toString(NOW + 1)).expect(401);
			};
		}

	}

	// ---------------------------------------------------------------- requests and
	// expected events

	/**
	 * One request. {@code mayAccept} is the event it must be published as if it is
	 * answered {@code success} ({@code null}: it must be refused); {@code status} the one
	 * status it must get if refused (0: any 4xx).
	 */
	static final class Case {

		final String account;

		final Map<String, String> query;

		final String extraQuery;

		final byte[] body;

		final String contentType;

		final boolean chunked;

		final Expected mayAccept;

		final int status;

		Case(String account, Map<String, String> query, byte[] body, String contentType, boolean chunked,
				Expected mayAccept, int status) {
			this(account, query, null, body, contentType, chunked, mayAccept, status);
		}

		Case(String account, Map<String, String> query, String extraQuery, byte[] body, String contentType,
				boolean chunked, Expected mayAccept, int status) {
			this.account = account;
			this.query = query;
			this.extraQuery = extraQuery;
			this.body = body;
			this.contentType = contentType;
			this.chunked = chunked;
			this.mayAccept = mayAccept;
			this.status = status;
		}

		String query() {
			StringBuilder query = new StringBuilder();
			this.query.forEach((name, value) -> query.append((query.length() > 0) ? "&" : "")
				.append(name)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			if (this.extraQuery != null) {
				query.append('&').append(this.extraQuery);
			}
			return query.toString();
		}

		Case withQuery(String name, String value) {
			Map<String, String> query = new LinkedHashMap<>(this.query);
			if (value == null) {
				query.remove(name);
			}
			else {
				query.put(name, value);
			}
			return new Case(this.account, query, this.extraQuery, this.body, this.contentType, this.chunked,
					this.mayAccept, this.status);
		}

		Case withExtra(String extra) {
			return new Case(this.account, this.query, extra, this.body, this.contentType, this.chunked, this.mayAccept,
					this.status);
		}

		Case withBody(String body) {
			return withBody(bytes(body));
		}

		Case withBody(byte[] body) {
			return new Case(this.account, this.query, this.extraQuery, body, contentType(body), this.chunked,
					this.mayAccept, this.status);
		}

		Case accepting(Expected expected) {
			return new Case(this.account, this.query, this.extraQuery, this.body, this.contentType, this.chunked,
					expected, this.status);
		}

		Case reject() {
			return accepting(null);
		}

		Case expect(int status) {
			return new Case(this.account, this.query, this.extraQuery, this.body, this.contentType, this.chunked,
					this.mayAccept, status);
		}

		Case chunked() {
			return new Case(this.account, this.query, this.extraQuery, this.body, this.contentType, true,
					this.mayAccept, this.status);
		}

		@Override
		public String toString() {
			String text = new String(this.body, StandardCharsets.UTF_8);
			return "POST /wechat/" + this.account + "?" + query() + (this.chunked ? " (chunked)" : "") + " with "
					+ this.body.length + " bytes: " + ((text.length() > 300)
							? text.substring(0, 150) + " ... " + text.substring(text.length() - 150) : text);
		}

	}

	/**
	 * What a published event must be: everything but its id, times, payload text and
	 * original request.
	 */
	record Expected(String toUserName, String fromUserName, long createTime, String msgType, String event,
			String eventKey, String ticket, String msgId, TreeMap<String, String> fields, EncryptionMode encryption,
			PayloadFormat format) {

		static Expected of(WechatEvent event) {
			TreeMap<String, String> fields = new TreeMap<>();
			event.getFields().forEach((name, value) -> fields.put(String.valueOf(name), String.valueOf(value)));
			return new Expected(event.getToUserName(), event.getFromUserName(), event.getCreateTime(),
					event.getMsgType(), event.getEvent(), event.getEventKey(), event.getTicket(), event.getMsgId(),
					fields, event.getEncryption(), event.getPayloadFormat());
		}

	}

	/** The parser's field cap, named here for the generators. */
	static final class MessageFieldsCap {

		static final int FIELDS = io.saoma.receiver.parse.MessageFields.MAX_FIELDS;

	}

}
