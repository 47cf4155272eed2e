package io.saoma.receiver.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvelopeScannerTests {

	@Test
	void shouldFindEncryptInCdataPlainTextAndJson() throws MalformedPushException {
		assertThat(EnvelopeScanner
			.encrypt("<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[ab+/=]]></Encrypt></xml>", 0))
			.isEqualTo("ab+/=");
		assertThat(EnvelopeScanner.encrypt("  <xml><Encrypt>ab+/=</Encrypt></xml>", 2)).isEqualTo("ab+/=");
		assertThat(EnvelopeScanner.encrypt("{\"ToUserName\":\"gh\",\"Encrypt\":\"ab+\\/=\"}", 0)).isEqualTo("ab+/=");
		assertThat(EnvelopeScanner.encrypt("{\"ToUserName\":\"gh\",\"x\":{\"Encrypt\":\"no\"},\"Encrypt\":\"yes\"}", 0))
			.isEqualTo("yes");
	}

	@Test
	void shouldReturnNullWithoutEncrypt() throws MalformedPushException {
		assertThat(EnvelopeScanner.encrypt("<xml><ToUserName>gh</ToUserName></xml>", 0)).isNull();
		assertThat(EnvelopeScanner.encrypt("{\"ToUserName\":\"gh\"}", 0)).isNull();
	}

	@Test
	void shouldRefuseWhatIsNotOnePlainEncrypt() {
		for (String body : new String[] { "<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>",
				"<xml><Encrypt a=\"1\">x</Encrypt></xml>", "<xml><Encrypt/></xml>", "<xml><Encrypt>abc",
				"<xml><Encrypt>a&amp;b</Encrypt></xml>", "<xml><Encrypt><![CDATA[a]]>b]]></Encrypt></xml>",
				"<xml><Encrypt><b>x</b></Encrypt></xml>", "{\"Encrypt\":\"a\",\"Encrypt\":\"b\"}", "{\"Encrypt\":1}",
				"{\"Encrypt\":\"a\"", "[\"Encrypt\"]", "nonsense" }) {
			assertThatExceptionOfType(MalformedPushException.class).as(body)
				.isThrownBy(() -> EnvelopeScanner.encrypt(body, 0));
		}
	}

}
