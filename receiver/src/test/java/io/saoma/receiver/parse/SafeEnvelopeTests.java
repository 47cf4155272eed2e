package io.saoma.receiver.parse;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SafeEnvelope} recognises only what a full hardened parse reads as a safe-mode
 * envelope, with the {@code Encrypt} value {@link EnvelopeScanner} finds, decoded as the
 * JDK decodes it; and the scanner's byte form answers as its text form on ASCII bodies.
 */
class SafeEnvelopeTests {

	private static final String TV3_ENCRYPT = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";

	private static final List<String> FRAGMENTS = List.of("<ToUserName><![CDATA[gh_8f4b2a]]></ToUserName>",
			"<ToUserName>gh_8f4b2a</ToUserName>", "<ToUserName></ToUserName>", "<ToUserName>a\tb > c</ToUserName>",
			"<Encrypt><![CDATA[" + TV3_ENCRYPT + "]]></Encrypt>", "<Encrypt>ab+/cd==</Encrypt>",
			"<Encrypt><![CDATA[]]></Encrypt>", "<Encrypt></Encrypt>", "<Encrypt/>", "<Encrypt a=\"1\">ab</Encrypt>",
			"<Encrypt>ab\rcd</Encrypt>", "<Encrypt>ab cd</Encrypt>", "<Encrypt>a!b>c'd\"e~f?g</Encrypt>",
			"<Encrypt><![CDATA[ab=c]]></Encrypt>", "<Encrypt><![CDATA[a]]></Encrypt>",
			"<Encrypt><![CDATA[a<b]]></Encrypt>", "<Encrypt><![CDATA[" + TV3_ENCRYPT + "]]]></Encrypt>",
			"<Encrypt>ab\tcd</Encrypt>", "<Encrypt>ab\ncd</Encrypt>", "<Encrypt>ab&#65;</Encrypt>",
			"<Encrypt><![CDATA[ab]]>c]]></Encrypt>", "<Encrypt>\u00e9</Encrypt>", "<MsgType>text</MsgType>",
			"<ToUserName>a&amp;b</ToUserName>", "<ToUserName><![CDATA[<Encrypt>x</Encrypt>]]></ToUserName>",
			"<ToUserName><![CDATA[a]b]]></ToUserName>", "<ToUserName>a]]>b</ToUserName>",
			"<ToUserName>\u0001</ToUserName>", "<!-- c -->", "<?pi x?>", "<Encrypt><b>x</b></Encrypt>",
			"<ToUserName><x/></ToUserName>", " ", "\r\n", "\t", "<", "]]>", "&lt;", "x", "</xml>", "<xml>");

	private static final List<String> PREFIXES = List.of("", "", "", " \n", "<?xml version=\"1.0\"?>", "<!DOCTYPE xml>",
			"\u00ef");

	@Example
	void shouldRecogniseTheEnvelopeWechatSends() {
		String body = "<xml>\n    <ToUserName><![CDATA[gh_8f4b2a]]></ToUserName>\n    <Encrypt><![CDATA[" + TV3_ENCRYPT
				+ "]]></Encrypt>\n</xml>\n";
		assertThat(value(body)).isEqualTo(TV3_ENCRYPT);
		assertThat(value("<xml><Encrypt>" + TV3_ENCRYPT + "</Encrypt></xml>")).isEqualTo(TV3_ENCRYPT);
		assertThat(value("<xml><Encrypt>ab==</Encrypt><ToUserName>gh</ToUserName></xml>")).isEqualTo("ab==");
		assertThat(value("<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>")).isEqualTo("abc");
	}

	@Example
	void shouldLeaveEverythingElseToTheFullParse() {
		for (String body : new String[] { "<xml><ToUserName>gh</ToUserName></xml>",
				"<xml><ToUserName>gh</ToUserName><Encrypt>ab</Encrypt><MsgType>text</MsgType></xml>",
				"<xml><Encrypt>ab</Encrypt><Encrypt>ab</Encrypt></xml>",
				"<xml><ToUserName>a</ToUserName><ToUserName>b</ToUserName><Encrypt>ab</Encrypt></xml>",
				"<?xml version=\"1.0\"?><xml><Encrypt>ab</Encrypt></xml>", "<root><Encrypt>ab</Encrypt></root>",
				"<xml><Encrypt>ab</Encrypt></xml><!-- c -->", "<xml><Encrypt>ab</Encrypt>",
				"<xml><Encrypt></Encrypt></xml>", "<xml><Encrypt>a b</Encrypt></xml>",
				"<xml><Encrypt>a\tb</Encrypt></xml>", "<xml><Encrypt><![CDATA[ab]]]></Encrypt></xml>",
				// not valid Base64: the general path refuses it after authentication
				"<xml><Encrypt><![CDATA[a>b!c?]]></Encrypt></xml>", "<xml><Encrypt><![CDATA[a]]></Encrypt></xml>",
				"<xml><Encrypt><![CDATA[ab=c]]></Encrypt></xml>", "<xml><Encrypt><![CDATA[ab cd]]></Encrypt></xml>",
				"<xml><Encrypt><![CDATA[ab<cd]]></Encrypt></xml>", "<xml><Encrypt><![CDATA[ab&cd]]></Encrypt></xml>",
				"<xml><Encrypt><![CDATA[ab\u00e9]]></Encrypt></xml>", "<xml><Encrypt>ab=c</Encrypt></xml>",
				"<xml><ToUserName>\u00e9</ToUserName><Encrypt>ab</Encrypt></xml>",
				"<xml><Encrypt>ab</Encrypt></xml>x" }) {
			assertThat(SafeEnvelope.encrypt(body.getBytes(StandardCharsets.UTF_8), 0)).as(body).isNull();
		}
	}

	@Property(tries = 1000)
	void shouldRecogniseOnlyWhatTheFullParseReadsAsASafeEnvelope(@ForAll("bodies") String body) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		int start = firstNonWhitespace(bytes);
		SafeEnvelope.Encrypt found = SafeEnvelope.encrypt(bytes, start);
		Statistics.label("recognised").collect(found != null);
		if (found == null) {
			return;
		}
		EnvelopeScanner.Span span = found.span();
		String encrypt = new String(bytes, span.from(), span.length(), StandardCharsets.US_ASCII);
		assertThat(found.ciphertext()).isEqualTo(ByteBuffer.wrap(Base64.getDecoder().decode(encrypt)));
		MessageFields fields = XmlMessageReader.read(new StringReader(body));
		assertThat(fields.asMap().keySet()).contains("Encrypt").isSubsetOf(Set.of("ToUserName", "Encrypt"));
		assertThat(fields.get("Encrypt")).isEqualTo(encrypt).isNotEmpty();
		assertThat(EnvelopeScanner.encrypt(body, start)).isEqualTo(encrypt);
		assertThat(EnvelopeScanner.xmlSpan(bytes, start)).isEqualTo(span);
	}

	@Property(tries = 1000)
	void shouldFindEncryptInBytesAsInText(@ForAll("bodies") String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		int start = firstNonWhitespace(bytes);
		if (bytes.length != body.length() || start == bytes.length || bytes[start] != '<') {
			return;
		}
		String fromText;
		try {
			fromText = EnvelopeScanner.encrypt(body, start);
		}
		catch (MalformedPushException ex) {
			fromText = "malformed: " + ex.getMessage();
		}
		String fromBytes;
		try {
			EnvelopeScanner.Span span = EnvelopeScanner.xmlSpan(bytes, start);
			fromBytes = (span != null) ? body.substring(span.from(), span.to()) : null;
		}
		catch (MalformedPushException ex) {
			fromBytes = "malformed: " + ex.getMessage();
		}
		assertThat(fromBytes).isEqualTo(fromText);
	}

	@Provide
	Arbitrary<String> bodies() {
		// mostly the fields of a real envelope, sometimes one odd piece, so that many
		// bodies are recognised and many differ from a recognised one by one piece
		Arbitrary<String> any = Arbitraries.of(FRAGMENTS);
		Arbitrary<String> toUserName = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
				Tuple.of(3, Arbitraries.of(FRAGMENTS.subList(0, 4))), Tuple.of(2, any));
		Arbitrary<String> encrypt = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(FRAGMENTS.subList(4, 6))),
				Tuple.of(2, any));
		Arbitrary<String> extra = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, any));
		Arbitrary<String> space = Arbitraries.of("", "", " ", "\n  ", "\r\n", "\t");
		Arbitrary<String> prefix = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")),
				Tuple.of(1, Arbitraries.of(PREFIXES)));
		Arbitrary<String> suffix = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of("</xml>", "</xml>\n")),
				Tuple.of(1, Arbitraries.of("", "</xml><x/>", "</xml>x", "</root>")));
		Arbitrary<String> whole = Combinators
			.combine(prefix, toUserName, encrypt, Arbitraries.of(true, false), extra, space, space, suffix)
			.as((before, to, enc, swap, odd, space1, space2, after) -> before + space1 + "<xml>" + space2
					+ (swap ? enc + space1 + to : to + space2 + enc) + odd + space1 + after);
		return Arbitraries.frequencyOf(Tuple.of(4, whole), Tuple.of(1, whole
			.flatMap((text) -> Arbitraries.integers().between(0, text.length()).map((cut) -> text.substring(0, cut)))));
	}

	private static String value(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		SafeEnvelope.Encrypt found = SafeEnvelope.encrypt(bytes, firstNonWhitespace(bytes));
		return (found != null)
				? new String(bytes, found.span().from(), found.span().length(), StandardCharsets.US_ASCII) : null;
	}

	private static int firstNonWhitespace(byte[] bytes) {
		int i = 0;
		while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
			i++;
		}
		return i;
	}

}
