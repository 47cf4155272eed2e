package io.saoma.receiver.parse;

import java.io.StringReader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repetition bombs that used to cost seconds of CPU (k repetitions of one name cost
 * k² probes) and the inputs a parser reports with unchecked exceptions: all are refused
 * as malformed.
 */
class ParserBombTests {

	@Test
	void shouldRefuseSixtyFourKilobytesOfOneRepeatedXmlElement() {
		String bomb = "<xml>" + "<A/>".repeat(16_370) + "</xml>";
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> XmlMessageReader.read(new StringReader(bomb)))
			.withMessage("message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldRefuseAJsonArrayOfThirtyTwoThousandItems() {
		String bomb = "{\"A\":[" + "1,".repeat(32_700) + "1]}";
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> JsonMessageReader.read(bomb))
			.withMessage("message has more than " + MessageFields.MAX_FIELDS + " fields");
	}

	@Test
	void shouldRefuseLongElementAndKeyNames() {
		String name = "N".repeat(MessageFields.MAX_NAME_LENGTH + 1);
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> XmlMessageReader.read(new StringReader("<xml><" + name + ">x</" + name + "></xml>")));
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> JsonMessageReader.read("{\"" + name + "\":1}"));
	}

	@Test
	void shouldRefuseEveryTruncationOfAMessageAsMalformed() {
		String xml = "<?xml version=\"1.0\"?><xml><ToUserName><![CDATA[toUser]]></ToUserName><Content><![CDATA[a &amp; <b>]]></Content>"
				+ "<Count>&#20320;&amp;</Count><!-- c --><Nested><Item>1</Item></Nested></xml>";
		for (int cut = 0; cut < xml.length(); cut++) {
			String truncated = xml.substring(0, cut);
			assertThatExceptionOfType(MalformedPushException.class).as("cut at %d", cut)
				.isThrownBy(() -> XmlMessageReader.read(new StringReader(truncated)));
		}
		String json = "{\"ToUserName\":\"toUser\",\"List\":[{\"a\":1},{\"a\":\"\\u4f60\"}],\"b\":null,\"c\":true}";
		for (int cut = 0; cut < json.length(); cut++) {
			String truncated = json.substring(0, cut);
			assertThatExceptionOfType(MalformedPushException.class).as("cut at %d", cut)
				.isThrownBy(() -> JsonMessageReader.read(truncated));
		}
	}

}
