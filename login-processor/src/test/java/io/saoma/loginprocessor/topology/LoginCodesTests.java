package io.saoma.loginprocessor.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCodesTests {

	private static final String LOGIN_ID = "Ab3dE9xYz0123456789abcdefghijklm";

	@Test
	void shouldLogOnlyAShortPrefixOfALoginId() {
		assertThat(LoginCodes.redact(LOGIN_ID)).isEqualTo("Ab3dE9…");
		assertThat(LoginCodes.redact("abc")).isEqualTo("ab…");
		assertThat(LoginCodes.redact(null)).isEqualTo("null");
	}

	@Test
	void shouldRedactTheLoginIdInARequestPath() {
		assertThat(LoginCodes.redactPath("/api/qr-logins/" + LOGIN_ID + "/events"))
			.isEqualTo("/api/qr-logins/Ab3dE9…/events");
		assertThat(LoginCodes.redactPath("/api/qr-logins/" + LOGIN_ID)).isEqualTo("/api/qr-logins/Ab3dE9…");
		assertThat(LoginCodes.redactPath("/api/qr-logins/redeem")).isEqualTo("/api/qr-logins/redeem");
		assertThat(LoginCodes.redactPath("/api/qr-logins")).isEqualTo("/api/qr-logins");
	}

}
