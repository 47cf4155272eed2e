package io.saoma.loginprocessor.topology;

import io.saoma.loginprocessor.RandomTokens;

/**
 * One-time login codes: {@code <loginId>.<192 random bits>}. The loginId part lets any
 * instance route a redemption to the one that owns the login; the random part makes the
 * code unguessable.
 */
public final class LoginCodes {

	private LoginCodes() {
	}

	/**
	 * Makes a code for a login.
	 * @param loginId the login
	 * @return a fresh code
	 */
	public static String next(String loginId) {
		return loginId + "." + RandomTokens.urlSafe(24);
	}

	/**
	 * The login a code belongs to.
	 * @param code a code
	 * @return its loginId, or {@code null} if it is not shaped like a code
	 */
	public static String loginIdOf(String code) {
		int dot = (code != null) ? code.indexOf('.') : -1;
		return (dot > 0) ? code.substring(0, dot) : null;
	}

	/**
	 * What the log may say about a login: the first 6 characters of its id (36 of its 192
	 * bits), enough to tell logins apart in the log and to find one, never enough to read
	 * its status or code. A loginId is the browser's only key to its login, so it is
	 * never logged in full (proxy and log readers could otherwise take over the login).
	 * @param loginId a loginId, or {@code null}
	 * @return e.g. {@code Ab3dE9…}
	 */
	public static String redact(String loginId) {
		if (loginId == null) {
			return "null";
		}
		return ((loginId.length() <= 6) ? loginId.substring(0, Math.min(2, loginId.length())) : loginId.substring(0, 6))
				+ "…";
	}

	/**
	 * A request path with the loginId in it redacted, for the log.
	 * @param path e.g. {@code /api/qr-logins/<loginId>/events}
	 * @return e.g. {@code /api/qr-logins/Ab3dE9…/events}
	 */
	public static String redactPath(String path) {
		String prefix = "/api/qr-logins/";
		if (path == null || !path.startsWith(prefix) || path.equals(prefix + "redeem")) {
			return path;
		}
		int end = path.indexOf('/', prefix.length());
		String id = (end < 0) ? path.substring(prefix.length()) : path.substring(prefix.length(), end);
		return prefix + redact(id) + ((end < 0) ? "" : path.substring(end));
	}

}
