package io.saoma.loginprocessor.topology;

import io.saoma.schemas.LoginScans;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.QrTicket;

/**
 * How long the fields the matcher keys state on and copies into its results may be.
 * WeChat's are far shorter (a ticket is about 96 characters, an openid 28, a
 * {@code QR_STR_SCENE} scene at most 64), and so are this service's (a loginId is 32
 * characters, a PKCE challenge 43): a record with longer ones was written by something
 * else, and keeping it would only cost memory, or fail on its way out (a result larger
 * than the producer's {@code max.request.size} stops the stream thread on every retry).
 */
final class FieldLimits {

	/** The longest ticket accepted. */
	static final int MAX_TICKET = 256;

	/** The longest openid (FromUserName) accepted. */
	static final int MAX_OPEN_ID = 128;

	/**
	 * The longest scene accepted, after the {@code qrscene_} prefix is stripped: WeChat's
	 * limit for a string scene.
	 */
	static final int MAX_SCENE = 64;

	/** The longest loginId, account, AppID or code challenge of a ticket accepted. */
	static final int MAX_ID = 128;

	/** The longest QR code content (a URL) accepted. */
	static final int MAX_QR_CONTENT = 1024;

	private FieldLimits() {
	}

	/**
	 * What is wrong with the lengths of a login candidate's fields.
	 * @param scan a login candidate
	 * @return the reason, or {@code null} if its ticket, openid and scene are of
	 * acceptable lengths
	 */
	static String violation(WechatEvent scan) {
		if (scan.getTicket().length() > MAX_TICKET) {
			return "ticket longer than " + MAX_TICKET + " characters";
		}
		if (scan.getFromUserName() == null || scan.getFromUserName().isEmpty()
				|| scan.getFromUserName().length() > MAX_OPEN_ID) {
			return "FromUserName empty or longer than " + MAX_OPEN_ID + " characters";
		}
		if (LoginScans.scene(scan).length() > MAX_SCENE) {
			return "scene longer than " + MAX_SCENE + " characters";
		}
		return null;
	}

	/**
	 * What is wrong with the lengths of a ticket's fields.
	 * @param ticket a ticket
	 * @return the reason, or {@code null} if they are acceptable
	 */
	static String violation(QrTicket ticket) {
		if (ticket.getTicket().isEmpty() || ticket.getTicket().length() > MAX_TICKET) {
			return "ticket empty or longer than " + MAX_TICKET + " characters";
		}
		if (ticket.getScene().length() > MAX_SCENE) {
			return "scene longer than " + MAX_SCENE + " characters";
		}
		if (ticket.getLoginId().length() > MAX_ID || ticket.getAccount().length() > MAX_ID
				|| ticket.getAppId().length() > MAX_ID
				|| (ticket.getCodeChallenge() != null && ticket.getCodeChallenge().length() > MAX_ID)) {
			return "loginId, account, AppID or codeChallenge longer than " + MAX_ID + " characters";
		}
		if (ticket.getQrContent().length() > MAX_QR_CONTENT) {
			return "qrContent longer than " + MAX_QR_CONTENT + " characters";
		}
		return null;
	}

}
