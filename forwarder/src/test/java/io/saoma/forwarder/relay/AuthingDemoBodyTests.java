package io.saoma.forwarder.relay;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The body must be exactly what Authing's relay demo ({@code express-xml-bodyparser} +
 * {@code JSON.stringify}) sends.
 */
class AuthingDemoBodyTests {

	private static final String CIPHERTEXT = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";

	@Test
	void shouldLowerCaseTagsWrapValuesInArraysAndKeepTheCiphertextOfASafeModePush() {
		String xml = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[" + CIPHERTEXT
				+ "]]></Encrypt></xml>";
		assertThat(body(xml))
			.isEqualTo("{\"xml\":{\"tousername\":[\"gh_97417a04a28d\"],\"encrypt\":[\"" + CIPHERTEXT + "\"]}}");
	}

	@Test
	void shouldCarryTheClearFieldsOfACompatibleModePushInDocumentOrder() {
		String xml = """
				<xml>
				  <ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>
				  <FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>
				  <CreateTime>1409735668</CreateTime>
				  <MsgType><![CDATA[text]]></MsgType>
				  <Content><![CDATA[ abcd   teT ]]></Content>
				  <MsgId>6054768590064713728</MsgId>
				  <Encrypt><![CDATA[hyzAe4Oz/+=]]></Encrypt>
				</xml>""";
		assertThat(body(xml)).isEqualTo("{\"xml\":{\"tousername\":[\"gh_10f6c3c3ac5a\"],"
				+ "\"fromusername\":[\"oyORnuP8q7ou2gfYjqLzSIWZf0rs\"],\"createtime\":[\"1409735668\"],"
				+ "\"msgtype\":[\"text\"],\"content\":[\"abcd teT\"],\"msgid\":[\"6054768590064713728\"],"
				+ "\"encrypt\":[\"hyzAe4Oz/+=\"]}}");
	}

	@Test
	void shouldWrapRepeatedAndNestedElementsAsXml2jsDoes() {
		String xml = "<xml><A>1</A><A>2</A><B><C>x</C><D/></B></xml>";
		assertThat(body(xml)).isEqualTo("{\"xml\":{\"a\":[\"1\",\"2\"],\"b\":[{\"c\":[\"x\"],\"d\":[\"\"]}]}}");
	}

	@Test
	void shouldEscapeLikeJsonStringify() {
		String xml = "<xml><Content><![CDATA[say \"hi\" \\ 你好 </b> a\tb]]></Content></xml>";
		assertThat(body(xml)).isEqualTo("{\"xml\":{\"content\":[\"say \\\"hi\\\" \\\\ 你好 </b> a\\tb\"]}}");
		assertThat(JsonText.string(new StringBuilder(), "\u0001\ud800/").toString()).isEqualTo("\"\\u0001\\ud800/\"");
	}

	@Test
	void shouldCarryTheJsonDataFormatInTheSameShape() {
		String json = "{\"ToUserName\":\"gh_97417a04a28d\",\"Encrypt\":\"" + CIPHERTEXT + "\"}";
		assertThat(body(json))
			.isEqualTo("{\"xml\":{\"tousername\":[\"gh_97417a04a28d\"],\"encrypt\":[\"" + CIPHERTEXT + "\"]}}");
	}

	@Test
	void shouldRefuseWhatIsNotAPushEnvelope() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> body("<!DOCTYPE x [<!ENTITY a \"b\">]><xml><A>&a;</A></xml>"));
		assertThatIllegalArgumentException().isThrownBy(() -> body("<xml><A>"));
		assertThatIllegalArgumentException().isThrownBy(() -> body("{\"a\":{\"b\":1}}"));
	}

	private static String body(String push) {
		return new String(AuthingDemoBody.of(push.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

}
