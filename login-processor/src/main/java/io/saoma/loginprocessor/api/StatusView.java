package io.saoma.loginprocessor.api;

import java.time.Instant;

import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;

/**
 * What the browser learns about its login: never the openid. The one-time code appears
 * once the login succeeded, until it is redeemed.
 *
 * @param loginId the login
 * @param status PENDING, SUCCEEDED, EXPIRED or REJECTED (a redeemed login stays
 * SUCCEEDED)
 * @param expiresAt when the QR code expires
 * @param code the one-time code to hand to the login service, or {@code null}
 */
public record StatusView(String loginId, String status, Instant expiresAt, String code) {

	static StatusView of(LoginStatus status) {
		LoginState state = (status.getState() == LoginState.REDEEMED) ? LoginState.SUCCEEDED : status.getState();
		String code = (status.getState() == LoginState.SUCCEEDED) ? status.getCode() : null;
		return new StatusView(status.getLoginId(), state.name(), status.getExpiresAt(), code);
	}

	static boolean isFinal(LoginStatus status) {
		return status.getState() != LoginState.PENDING;
	}

}
