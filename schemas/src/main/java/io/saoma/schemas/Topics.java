package io.saoma.schemas;

/**
 * The topic contract: every topic name the modules share lives here, so a rename is one change and a typo a compile
 * error. Keys and values are described next to each name.
 */
public final class Topics {

	/**
	 * Every verified WeChat push. Key: {@link EventKeys#of(String, String) appId:openid}, so one user's pushes stay in
	 * order on one partition. Value: {@code WechatEvent}, Avro single-object encoding ({@link AvroSerdes}).
	 */
	public static final String WECHAT_EVENTS = "wechat.events";

	private Topics() {
	}

}
