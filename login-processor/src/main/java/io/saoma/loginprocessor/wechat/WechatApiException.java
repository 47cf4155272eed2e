package io.saoma.loginprocessor.wechat;

/**
 * A call to WeChat that did not succeed, with what our own API should answer and what an
 * operator can do about it. It never has a cause: WebClient's exceptions keep the request
 * URL ({@code getUri()}), and that contains the access token.
 */
public class WechatApiException extends RuntimeException {

	private final Integer errcode;

	private final int status;

	private final String hint;

	private final String reason;

	/**
	 * Creates an exception whose {@link #reason()} follows from the errcode.
	 * @param errcode WeChat's errcode, or {@code null} if WeChat gave none
	 * @param message a short description (never a token, secret or URL)
	 * @param status the HTTP status our API's caller should get (502 or 503)
	 * @param hint what an operator can do about it
	 */
	public WechatApiException(Integer errcode, String message, int status, String hint) {
		this(errcode, message, status, hint, (errcode != null) ? "wechat_errcode_" + errcode : "wechat_error");
	}

	/**
	 * Creates an exception.
	 * @param errcode WeChat's errcode, or {@code null} if WeChat gave none (timeouts,
	 * connection or HTTP failures)
	 * @param message a short description (may include WeChat's errmsg, never a token,
	 * secret or URL)
	 * @param status the HTTP status our API's caller should get (502 or 503)
	 * @param hint what an operator can do about it
	 * @param reason a short stable code of the kind of failure, for callers that pass it
	 * on (see {@link #reason()})
	 */
	public WechatApiException(Integer errcode, String message, int status, String hint, String reason) {
		super(message);
		this.errcode = errcode;
		this.status = status;
		this.hint = hint;
		this.reason = reason;
	}

	/** WeChat's errcode, {@code null} for transport failures. */
	public Integer errcode() {
		return this.errcode;
	}

	/**
	 * The HTTP status for our API's caller: 502 for configuration or permission problems,
	 * 503 for temporary ones.
	 */
	public int status() {
		return this.status;
	}

	/** What an operator can do about it. */
	public String hint() {
		return this.hint;
	}

	/**
	 * A short stable code of the kind of failure, safe to show a caller and to tag a
	 * metric with: {@code wechat_errcode_<errcode>}, {@code timeout},
	 * {@code wechat_unreachable}, {@code wechat_http_<status>} or
	 * {@code wechat_unparseable}.
	 */
	public String reason() {
		return this.reason;
	}

}
