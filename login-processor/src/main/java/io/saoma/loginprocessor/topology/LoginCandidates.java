package io.saoma.loginprocessor.topology;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.WechatEvent;

/**
 * Which pushes can log someone in, and what they carry. A push is a login candidate if it
 * is an event with a Ticket that is either {@code subscribe} through a QR code
 * ({@code EventKey = qrscene_<scene>}) or {@code SCAN} ({@code EventKey = <scene>}). A
 * {@code subscribe} EventKey can be something else entirely (a paid follow's
 * {@code last_trade_no_...}), so the prefix is required, and it is stripped exactly once:
 * a scene may itself contain {@code qrscene_} or {@code _}.
 */
public final class LoginCandidates {

	static final String SUBSCRIBE = "subscribe";

	static final String SCAN = "SCAN";

	static final String QR_SCENE_PREFIX = "qrscene_";

	private LoginCandidates() {
	}

	/**
	 * Whether a push may log someone in.
	 * @param event the push
	 * @return {@code true} for subscribe-through-QR and SCAN events with a Ticket
	 */
	public static boolean isCandidate(WechatEvent event) {
		if (event == null || !"event".equals(event.getMsgType()) || isBlank(event.getTicket())) {
			return false;
		}
		if (SCAN.equals(event.getEvent())) {
			return true;
		}
		return SUBSCRIBE.equals(event.getEvent()) && event.getEventKey() != null
				&& event.getEventKey().startsWith(QR_SCENE_PREFIX);
	}

	/**
	 * The QR code's scene a candidate carries.
	 * @param event a login candidate
	 * @return the EventKey without its {@code qrscene_} prefix for subscribe, the
	 * EventKey for SCAN
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
	 * @param event a login candidate
	 * @return {@code true} for subscribe, {@code false} for SCAN
	 */
	public static boolean isNewFollower(WechatEvent event) {
		return SUBSCRIBE.equals(event.getEvent());
	}

	/**
	 * What identifies one push across WeChat's retries and replays: the event's
	 * {@code dedupId}, or for a record written before the receiver set one, the same id
	 * computed from its AppID, FromUserName, CreateTime, MsgType, Event, EventKey and
	 * MsgId ({@link DedupIds#of(WechatEvent)}), so an older record and a newer delivery
	 * of the same push get the same key. Each delivery has a new eventId, so the eventId
	 * cannot be used.
	 * @param event the push
	 * @return the de-duplication key
	 */
	public static String dedupKey(WechatEvent event) {
		return DedupIds.of(event);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
