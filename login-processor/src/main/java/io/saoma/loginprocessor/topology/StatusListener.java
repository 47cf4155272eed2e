package io.saoma.loginprocessor.topology;

import io.saoma.schemas.login.LoginStatus;

/**
 * Told about every committed change of a login's status on this instance, so that open
 * browser streams learn it at once.
 */
@FunctionalInterface
public interface StatusListener {

	/**
	 * A status changed.
	 * @param loginId the login
	 * @param status its new status, or {@code null} once it is removed
	 */
	void onStatus(String loginId, LoginStatus status);

}
