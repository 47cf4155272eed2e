package io.saoma.loginprocessor.topology;

import io.saoma.schemas.event.WechatEvent;

/**
 * How long the fields of a scan the matcher keys state on may be. WeChat's are far shorter (a ticket is about 96
 * characters, an openid 28, a {@code QR_STR_SCENE} scene at most 64); a scan with longer ones cannot be a scan of a
 * QR code this service created, and keeping it (held-scan keys, remembered scans) would only cost memory.
 */
final class ScanFields {

	/** The longest ticket accepted. */
	static final int MAX_TICKET = 256;

	/** The longest openid (FromUserName) accepted. */
	static final int MAX_OPEN_ID = 128;

	/** The longest scene accepted, after the {@code qrscene_} prefix is stripped: WeChat's limit for a string scene. */
	static final int MAX_SCENE = 64;

	private ScanFields() {
	}

	/**
	 * What is wrong with the lengths of a login candidate's fields.
	 * @param scan a login candidate
	 * @return the reason, or {@code null} if its ticket, openid and scene are of acceptable lengths
	 */
	static String violation(WechatEvent scan) {
		if (scan.getTicket().length() > MAX_TICKET) {
			return "ticket longer than " + MAX_TICKET + " characters";
		}
		if (scan.getFromUserName() == null || scan.getFromUserName().isEmpty()
				|| scan.getFromUserName().length() > MAX_OPEN_ID) {
			return "FromUserName empty or longer than " + MAX_OPEN_ID + " characters";
		}
		if (LoginCandidates.scene(scan).length() > MAX_SCENE) {
			return "scene longer than " + MAX_SCENE + " characters";
		}
		return null;
	}

}
