package io.saoma.receiver.parse;

import java.io.StringReader;
import java.util.List;

import io.saoma.testsupport.wechat.ProtocolSamples;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link FlatXml} reads the messages WeChat sends as the hardened parser does, and leaves
 * everything else to it.
 */
class FlatXmlTests {

	private static final List<String> GOOD = List.of("<ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>",
			"<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>",
			"<CreateTime>1714112445</CreateTime>", "<MsgType><![CDATA[text]]></MsgType>",
			"<Content><![CDATA[\u4f60\u597d <b>&amp;</b> ]] ]>\n x]]></Content>",
			"<Content>\u4f60\u597d \uD83D\uDE00 > \" '</Content>", "<EventKey><![CDATA[]]></EventKey>",
			"<Ticket></Ticket>", "<MsgId>24567</MsgId>", "<a.b-c_1>x</a.b-c_1>", "<_x>\t y \n</_x>", "<xml>in</xml>");

	private static final List<String> ODD = List.of("<Ticket/>", "<A b=\"1\">x</A>", "<A>a &amp; b</A>",
			"<A>&#20320;</A>", "<A>a]]>b</A>", "<A>a]b</A>", "<A>a\rb</A>", "<A><![CDATA[a\r\nb]]></A>",
			"<A>\u0001</A>", "<A>\u007f\u0085</A>", "<A>\uFFFE</A>", "<A>\uD800</A>", "<A><B>1</B></A>",
			"<A>x<![CDATA[y]]></A>", "<A><![CDATA[x]]>y</A>", "<!-- c -->", "<?pi x?>", "<A></B>", "<A></A >",
			"<1A>x</1A>", "<p:A>x</p:A>", "<A>x</A", "<A>", "</A>", "text",
			"<" + "N".repeat(129) + ">x</" + "N".repeat(129) + ">", "<![CDATA[x]]>", " ", "\r\n");

	private static final List<String> PREFIXES = List.of("", "\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
			"<!DOCTYPE xml>", "x");

	@Example
	void shouldReadTheProtocolSamplesAsTheParserDoes() throws MalformedPushException {
		for (String sample : List.of(ProtocolSamples.SUBSCRIBE, ProtocolSamples.SUBSCRIBE_QR, ProtocolSamples.SCAN,
				ProtocolSamples.UNSUBSCRIBE, ProtocolSamples.LOCATION, ProtocolSamples.CLICK, ProtocolSamples.VIEW,
				ProtocolSamples.TEMPLATESENDJOBFINISH, ProtocolSamples.TEXT, ProtocolSamples.IMAGE,
				ProtocolSamples.VOICE)) {
			MessageFields flat = FlatXml.read(sample);
			assertThat(flat).as(sample).isNotNull();
			assertThat(flat.asMap()).as(sample)
				.containsExactlyEntriesOf(XmlMessageReader.read(new StringReader(sample)).asMap());
		}
	}

	@Example
	void shouldNumberRepeatedNamesAsTheParserDoes() {
		assertThat(FlatXml.read("<xml><A>1</A><A>2</A><A[2]>x</A[2]></xml>")).isNull();
		assertThat(FlatXml.read("<xml><A>1</A><A>2</A></xml>").asMap()).containsExactly(entry("A", "1"),
				entry("A[2]", "2"));
	}

	@Property(tries = 1000)
	void shouldReadOnlyWhatTheParserReadsAndTheSameFields(@ForAll("messages") String text) throws Exception {
		MessageFields flat = FlatXml.read(text);
		Statistics.label("recognised").collect(flat != null);
		if (flat != null) {
			assertThat(flat.asMap()).containsExactlyEntriesOf(XmlMessageReader.read(new StringReader(text)).asMap());
		}
	}

	@Provide
	Arbitrary<String> messages() {
		Arbitrary<String> element = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(GOOD)),
				Tuple.of(1, Arbitraries.of(ODD)));
		Arbitrary<String> space = Arbitraries.of("", "", "\n", " \r\n\t");
		Arbitrary<String> elements = net.jqwik.api.Combinators.combine(element, space)
			.as((e, s) -> e + s)
			.list()
			.ofMaxSize(8)
			.map((list) -> String.join("", list));
		Arbitrary<String> prefix = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("")),
				Tuple.of(1, Arbitraries.of(PREFIXES)));
		Arbitrary<String> suffix = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("</xml>", "</xml>\n")),
				Tuple.of(1, Arbitraries.of("", "</xml>x", "</root>", "</xml><!-- c -->")));
		Arbitrary<String> whole = net.jqwik.api.Combinators.combine(prefix, elements, suffix)
			.as((before, inner, after) -> before + "<xml>" + inner + after);
		return Arbitraries.frequencyOf(Tuple.of(5, whole), Tuple.of(1, whole
			.flatMap((text) -> Arbitraries.integers().between(0, text.length()).map((cut) -> text.substring(0, cut)))));
	}

}
