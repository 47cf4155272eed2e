package io.saoma.loginprocessor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.saoma.loginprocessor.wechat.UserInfo;

/**
 * The {@code profile} of a redemption's answer: what WeChat's {@code user/info} said
 * about the user, or why it could not be had. Absent fields are left out of the JSON.
 *
 * @param available whether WeChat answered
 * @param unionId the unionid, only when the account is bound to an Open Platform account
 * @param subscribeScene how the user came to follow, e.g. {@code ADD_SCENE_QR_CODE}
 * @param language the user's language, e.g. {@code zh_CN}
 * @param subscribed whether the user follows the account
 * @param reason why the profile is unavailable: a short stable code such as
 * {@code wechat_errcode_40003}, {@code timeout} or {@code wechat_unreachable}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Profile(boolean available, String unionId, String subscribeScene, String language, Boolean subscribed,
		String reason) {

	/**
	 * The profile of an answer of WeChat.
	 * @param info the answer
	 * @return an available profile
	 */
	public static Profile of(UserInfo info) {
		return new Profile(true, info.unionId(), info.subscribeScene(), info.language(), info.subscribed(), null);
	}

	/**
	 * A profile that could not be had.
	 * @param reason the short stable code of why
	 * @return an unavailable profile
	 */
	public static Profile unavailable(String reason) {
		return new Profile(false, null, null, null, null, reason);
	}

}
