package io.saoma.loginprocessor.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of the login API: {@code {"error": "<code>", "message":
 * "<short reason>"}}, plus {@code errcode} and {@code hint} when WeChat refused (absent
 * otherwise, never {@code null}). Never carries a stack trace, a secret or an openid.
 *
 * @param error a stable machine-readable code, e.g. {@code unknown_login}
 * @param message a short explanation
 * @param errcode WeChat's errcode when WeChat refused, else {@code null} (left out of the
 * JSON)
 * @param hint what an operator can do about it, else {@code null} (left out of the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, Integer errcode, String hint) {

	/**
	 * An error that is not WeChat's.
	 * @param error the code
	 * @param message the reason
	 */
	public ApiError(String error, String message) {
		this(error, message, null, null);
	}

}
