package io.saoma.loginprocessor.wechat;

import java.time.Duration;

/**
 * Limits of the WeChat API, defined once: the configuration, the QR code client and the
 * local stack's WeChat simulator use them.
 */
public final class WechatLimits {

	/**
	 * WeChat's upper bound for a temporary QR code's {@code expire_seconds}: 30 days. A
	 * constant expression, so that constraints can name it.
	 */
	public static final long MAX_QR_CODE_TTL_SECONDS = 2_592_000;

	/** {@link #MAX_QR_CODE_TTL_SECONDS} as a duration. */
	public static final Duration MAX_QR_CODE_TTL = Duration.ofSeconds(MAX_QR_CODE_TTL_SECONDS);

	private WechatLimits() {
	}

}
