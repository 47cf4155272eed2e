package io.saoma.schemas;

/**
 * The record key of {@link Topics#WECHAT_EVENTS}: {@code <appid>:<openid>}. Keying by
 * user keeps one user's pushes in order, and the AppID prefix keeps users of different
 * accounts apart (an openid is only unique within its account).
 */
public final class EventKeys {

	private static final char SEPARATOR = ':';

	private EventKeys() {
	}

	/**
	 * Builds the key of a push.
	 * @param appId the AppID of the official account
	 * @param openId the user's openid (FromUserName)
	 * @return {@code appId + ":" + openId}
	 */
	public static String of(String appId, String openId) {
		if (appId.isEmpty() || appId.indexOf(SEPARATOR) >= 0) {
			throw new IllegalArgumentException("AppID must be non-empty and contain no ':'");
		}
		return appId + SEPARATOR + openId;
	}

	/**
	 * Extracts the AppID part of a key built by {@link #of(String, String)}.
	 * @param key the record key
	 * @return the AppID
	 */
	public static String appId(String key) {
		return key.substring(0, separatorIndex(key));
	}

	/**
	 * Extracts the openid part of a key built by {@link #of(String, String)}.
	 * @param key the record key
	 * @return the openid
	 */
	public static String openId(String key) {
		return key.substring(separatorIndex(key) + 1);
	}

	private static int separatorIndex(String key) {
		int index = key.indexOf(SEPARATOR);
		if (index <= 0) {
			throw new IllegalArgumentException("Not an <appid>:<openid> key");
		}
		return index;
	}

}
