package io.saoma.schemas;

import io.saoma.schemas.event.WechatEvent;

/**
 * Which pushes are login scans, and what they carry: the one definition the login
 * processor's matcher and the forwarder's relay ({@code events: login}) share.
 * <p>
 * A push is a login scan if it is an event with a Ticket that is either {@code subscribe}
 * through a QR code ({@code EventKey = qrscene_<scene>}, a user who was not following) or
 * {@code SCAN} ({@code EventKey = <scene>}, a user who was). The Ticket is required: the
 * protocol notes ({@code docs/wechat-protocol.md} §5.2, §5.3 and §10) document both
 * pushes with the {@code Ticket} of the scanned parametric QR code, and only those two
 * with it ("Events that matter: subscribe with a qrscene_ EventKey and SCAN, both with
 * Ticket"), and a login is correlated by its exact Ticket; a push without one was not
 * made by scanning a QR code that any login created, so neither the matcher nor an
 * identity provider behind the relay could log anyone in with it.
 * <p>
 * A {@code subscribe} EventKey can be something else entirely (a paid follow's
 * {@code last_trade_no_...}), so the {@code qrscene_} prefix is required, and it is
 * stripped exactly once: a scene may itself contain {@code qrscene_} or {@code _}
 * (protocol notes, pitfall P7). {@code Event} values are case-sensitive.
 */
public final class LoginScans {

	static final String EVENT = "event";

	static final String SUBSCRIBE = "subscribe";

	static final String SCAN = "SCAN";

	static final String QR_SCENE_PREFIX = "qrscene_";

	private LoginScans() {
	}

	/**
	 * Whether a push is a login scan.
	 * @param event the push, or {@code null}
	 * @return {@code true} for subscribe-through-QR and SCAN events with a Ticket
	 */
	public static boolean isLoginScan(WechatEvent event) {
		if (event == null || !EVENT.equals(event.getMsgType()) || isBlank(event.getTicket())) {
			return false;
		}
		if (SCAN.equals(event.getEvent())) {
			return true;
		}
		return SUBSCRIBE.equals(event.getEvent()) && event.getEventKey() != null
				&& event.getEventKey().startsWith(QR_SCENE_PREFIX);
	}

	/**
	 * The QR code's scene a login scan carries.
	 * @param event a login scan
	 * @return the EventKey without its {@code qrscene_} prefix for subscribe, the
	 * EventKey for SCAN ({@code ""} if there is none)
	 */
	public static String scene(WechatEvent event) {
		String eventKey = (event.getEventKey() != null) ? event.getEventKey() : "";
		if (SUBSCRIBE.equals(event.getEvent()) && eventKey.startsWith(QR_SCENE_PREFIX)) {
			return eventKey.substring(QR_SCENE_PREFIX.length());
		}
		return eventKey;
	}

	/**
	 * Whether the user followed the account with this scan.
	 * @param event a login scan
	 * @return {@code true} for subscribe, {@code false} for SCAN
	 */
	public static boolean isNewFollower(WechatEvent event) {
		return SUBSCRIBE.equals(event.getEvent());
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
