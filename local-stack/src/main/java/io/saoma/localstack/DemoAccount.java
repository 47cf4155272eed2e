package io.saoma.localstack;

/**
 * The local stack's official account and Authing connection: public demo values that only
 * the simulators know. Never use them anywhere else.
 */
public final class DemoAccount {

	public static final String ID = "demo";

	public static final String APP_ID = "wx5a0ma0000000demo";

	public static final String APP_SECRET = "saomaLocalAppSecret";

	public static final String TOKEN = "saomaLocalToken";

	public static final String ENCODING_AES_KEY = "lBmpxSNz7IKqNM1s6ULLnV6JEsaUhWjeWxjP4mIG7Mx";

	public static final String ORIGINAL_ID = "gh_5a0ma0000demo";

	public static final String REDEEM_API_KEY = "saoma-local-redeem-api-key";

	public static final String FUNNEL_API_KEY = "saoma-local-funnel-api-key";

	/**
	 * The receiver's passive reply to a new follower
	 * (wechat.receiver.welcome.texts.demo).
	 */
	public static final String WELCOME_TEXT = "欢迎关注 saoma 演示号！Welcome to the saoma demo.";

	/**
	 * The customer-service message after each login
	 * (login.confirmation.accounts.demo.text).
	 */
	public static final String CONFIRMATION_TEXT = "你已于 {time} 登录 saoma 演示站。不是你？请回复本号。"
			+ " You logged in to the saoma demo site at {time}.";

	public static final String AUTHING_CONNECTION = "demo-connection";

	public static final String AUTHING_POOL = "demo-user-pool";

	private DemoAccount() {
	}

}
