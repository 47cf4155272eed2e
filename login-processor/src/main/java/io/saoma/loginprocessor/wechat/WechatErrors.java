package io.saoma.loginprocessor.wechat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.springframework.core.NestedExceptionUtils;

/**
 * The one table from WeChat's errcodes (and our own transport failures) to the status our
 * API answers and the hint an operator gets. 502 means something must be fixed in
 * configuration or at WeChat; 503 means retrying later may work.
 */
final class WechatErrors {

	static final int BAD_GATEWAY = 502;

	static final int UNAVAILABLE = 503;

	/**
	 * Errcodes that mean "this access token is no longer accepted": refresh once and
	 * retry.
	 */
	private static final Set<Integer> TOKEN_REJECTIONS = Set.of(40001, 40014, 42001);

	private static final String MALFORMED = "WeChat rejected the request as malformed; this is a bug in this service, "
			+ "report it with the errmsg";

	private static final String TOKEN_REJECTED = "check wechat.accounts.<account>.app-secret against the WeChat "
			+ "console (设置与开发 / 基本配置 / 开发者密码); if it is right, another system is rotating this AppID's token "
			+ "by calling cgi-bin/token (make it use stable_token or share our token)";

	private static final String NETWORK = "check this server's outbound connection to WeChat (DNS, firewall, proxy, "
			+ "wechat.api.base-url); retry";

	private static final Map<Integer, Rule> RULES = Map.ofEntries(
			Map.entry(-1, new Rule(UNAVAILABLE, "WeChat is busy; retry")),
			Map.entry(40001, new Rule(BAD_GATEWAY, TOKEN_REJECTED)),
			Map.entry(40014, new Rule(BAD_GATEWAY, TOKEN_REJECTED)),
			Map.entry(42001, new Rule(BAD_GATEWAY, TOKEN_REJECTED)), Map.entry(40002, new Rule(BAD_GATEWAY, MALFORMED)),
			Map.entry(41001, new Rule(BAD_GATEWAY, MALFORMED)), Map.entry(40052, new Rule(BAD_GATEWAY, MALFORMED)),
			Map.entry(40053, new Rule(BAD_GATEWAY, MALFORMED)),
			Map.entry(40013,
					new Rule(BAD_GATEWAY,
							"check wechat.accounts.<account>.app-id against the WeChat console " + "(设置与开发 / 基本配置)")),
			Map.entry(40125,
					new Rule(BAD_GATEWAY,
							"check wechat.accounts.<account>.app-secret; it may have been reset "
									+ "in the WeChat console (设置与开发 / 基本配置 / 开发者密码)")),
			Map.entry(40164,
					new Rule(BAD_GATEWAY,
							"add this server's egress IP to the IP whitelist of the official "
									+ "account (WeChat console: 设置与开发 / 基本配置 / IP白名单)")),
			Map.entry(45009, new Rule(UNAVAILABLE, "daily API quota reached; it resets at midnight (Beijing time)")),
			Map.entry(45011, new Rule(UNAVAILABLE, "per-minute API quota reached; retry in a minute")),
			Map.entry(45015,
					new Rule(BAD_GATEWAY,
							"WeChat delivers customer-service messages only to users who wrote to the account "
									+ "in the last 48 h; nothing to fix")),
			Map.entry(45047,
					new Rule(BAD_GATEWAY,
							"the account's customer-service messages to this user are used up until the user "
									+ "writes again; nothing to fix")),
			Map.entry(40003, new Rule(BAD_GATEWAY, "the openid is not one of this account's users")),
			Map.entry(43004, new Rule(BAD_GATEWAY, "the user does not follow the account (any more)")),
			Map.entry(48001,
					new Rule(BAD_GATEWAY,
							"the account needs the parametric QR code permission (a verified "
									+ "service account, 服务号)")),
			Map.entry(89503, new Rule(BAD_GATEWAY, "WeChat holds this call as risky until the account's administrator "
					+ "confirms it in WeChat; confirm it, then retry")));

	private static final int MAX_ERRMSG_LENGTH = 200;

	private WechatErrors() {
	}

	static WechatApiException refused(Call call, int errcode, String errmsg) {
		Rule rule = RULES.getOrDefault(errcode,
				new Rule(BAD_GATEWAY, "look the errcode up in WeChat's global return codes (全局返回码)"));
		String message = "WeChat refused " + call + ": errcode " + errcode + " (" + shorten(errmsg) + ")";
		return new WechatApiException(errcode, message, rule.status(), rule.hint(), "wechat_errcode_" + errcode);
	}

	static WechatApiException timedOut(Call call, Duration timeout) {
		return new WechatApiException(null, "WeChat did not answer " + call + " within " + timeout.toMillis() + " ms",
				UNAVAILABLE, NETWORK, "timeout");
	}

	static WechatApiException unreachable(Call call, Throwable failure) {
		return new WechatApiException(null,
				"could not call WeChat for " + call + " ("
						+ NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName() + ")",
				UNAVAILABLE, NETWORK, "wechat_unreachable");
	}

	static WechatApiException httpStatus(Call call, int httpStatus) {
		String message = "WeChat answered " + call + " with HTTP " + httpStatus;
		if (httpStatus >= 500) {
			return new WechatApiException(null, message, UNAVAILABLE, "WeChat or a proxy in between failed; retry",
					"wechat_http_" + httpStatus);
		}
		return new WechatApiException(null, message, BAD_GATEWAY,
				"a proxy in between may be refusing the call; check wechat.api.base-url and the egress proxy",
				"wechat_http_" + httpStatus);
	}

	static WechatApiException unparseable(Call call) {
		return new WechatApiException(null, "WeChat's answer to " + call + " could not be understood", UNAVAILABLE,
				"retry; if it persists, check that wechat.api.base-url points at WeChat (https://api.weixin.qq.com)",
				"wechat_unparseable");
	}

	/**
	 * Whether WeChat said the access token used is no longer valid, so that one refresh
	 * and retry may help.
	 */
	static boolean isTokenRejection(Throwable failure) {
		return failure instanceof WechatApiException ex && ex.errcode() != null
				&& TOKEN_REJECTIONS.contains(ex.errcode());
	}

	private static String shorten(String errmsg) {
		if (errmsg == null) {
			return "no errmsg";
		}
		return (errmsg.length() <= MAX_ERRMSG_LENGTH) ? errmsg : errmsg.substring(0, MAX_ERRMSG_LENGTH) + "…";
	}

	/**
	 * Which call failed, for messages and logs.
	 *
	 * @param operation the API, e.g. {@code qrcode/create}
	 * @param account our id of the account
	 */
	record Call(String operation, String account) {

		@Override
		public String toString() {
			return this.operation + " for account " + this.account;
		}

	}

	private record Rule(int status, String hint) {
	}

}
