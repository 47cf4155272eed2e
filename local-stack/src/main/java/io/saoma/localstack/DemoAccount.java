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

	public static final String AUTHING_CONNECTION = "demo-connection";

	public static final String AUTHING_POOL = "demo-user-pool";

	private DemoAccount() {
	}

}
