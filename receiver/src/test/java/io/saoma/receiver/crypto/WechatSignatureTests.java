package io.saoma.receiver.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Official vectors of the protocol document, section 11.
 */
class WechatSignatureTests {

	private static final String TV3_ENCRYPT = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";

	@Test
	void shouldComputeUrlVerificationSignatureOfTv1() {
		assertThat(WechatSignature.compute("AAAAA", "1714036504", "1514711492"))
			.isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
	}

	@Test
	void shouldAcceptPlaintextPostSignatureOfTv2() {
		assertThat(
				WechatSignature.matches("899cf89e464efb63f54ddac96b0a0a235f53aa78", "AAAAA", "1714037059", "486452656"))
			.isTrue();
	}

	@Test
	void shouldRejectSignatureMadeWithNumericSortOfTv2() {
		// "486452656" < "1714037059" numerically but not as strings: a numeric sort
		// produces this value
		assertThat(
				WechatSignature.matches("e37a5ceeedc0c0d760d9efcfbea6a83d9c885808", "AAAAA", "1714037059", "486452656"))
			.isFalse();
	}

	@Test
	void shouldComputeMsgSignatureOverEncryptOfTv3() {
		assertThat(WechatSignature.compute("AAAAA", "1714112445", "415670741", TV3_ENCRYPT))
			.isEqualTo("046e02f8204d34f8ba5fa3b1db94908f3df2e9b3");
	}

	@Test
	void shouldComputeReplyMsgSignatureOfTv4() {
		assertThat(WechatSignature.compute("AAAAA", "1713424427", "415670741",
				"ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ=="))
			.isEqualTo("1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1");
	}

	@Test
	void shouldComputeMsgSignatureOfTv5() {
		assertThat(WechatSignature.compute("pamtest", "1409304348", "xxxxxx",
				"jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="))
			.isEqualTo("82c962d39941aa48552f90ef55aa323dc620cc10");
	}

	@Test
	void shouldRejectMissingTruncatedAndUppercaseSignatures() {
		String[] parts = { "AAAAA", "1714036504", "1514711492" };
		assertThat(WechatSignature.matches(null, parts)).isFalse();
		assertThat(WechatSignature.matches("", parts)).isFalse();
		assertThat(WechatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd144169", parts)).isFalse();
		assertThat(WechatSignature.matches("F464B24FC39322E44B38AA78F5EDD27BD1441696", parts)).isFalse();
		assertThat(WechatSignature.matches("f464b24fc39322e44b38aa78f5edd27bd1441696", parts)).isTrue();
	}

	@Test
	void shouldRefuseANonAsciiByteAnywhereInAnEncryptReadFromBytes() {
		for (int length = 1; length <= 20; length++) {
			for (int at = 0; at < length; at++) {
				byte[] body = new byte[length + 2];
				java.util.Arrays.fill(body, (byte) 'A');
				body[0] = (byte) 0xE4;
				body[length + 1] = (byte) 0xE4;
				assertThat(WechatSignature.matches("x", "t", "1", "n", body, 1, length + 1)).isFalse();
				body[1 + at] = (byte) 0x80;
				int from = 1;
				int to = length + 1;
				assertThatIllegalArgumentException()
					.isThrownBy(() -> WechatSignature.matches("x", "t", "1", "n", body, from, to));
			}
		}
	}

}
