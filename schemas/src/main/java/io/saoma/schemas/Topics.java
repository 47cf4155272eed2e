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

	/**
	 * Pending login attempts (compacted). Key: the QR ticket. Value: {@code QrTicket}; a tombstone once the ticket is
	 * used or expired. Must have as many partitions as the login processor's {@code scans-by-ticket} repartition
	 * topic, which the login processor ensures at start-up.
	 */
	public static final String QR_TICKETS = "wechat.qr-tickets";

	/**
	 * Login outcomes for login services: SUCCEEDED, EXPIRED, REJECTED. Key: loginId. Value: {@code LoginResult}.
	 */
	public static final String LOGINS = "wechat.logins";

	/**
	 * The browser-facing state of every login attempt (compacted): PENDING, then SUCCEEDED, EXPIRED or REJECTED, then
	 * REDEEMED; a tombstone after the retention. Key: loginId. Value: {@code LoginStatus}.
	 */
	public static final String LOGIN_STATUS = "wechat.login-status";

	/**
	 * Records the login processor cannot decode, as they were, with headers naming the source and the error.
	 */
	public static final String LOGIN_PROCESSOR_DLT = "wechat.login-processor.dlt";

	private Topics() {
	}

}
