package io.saoma.loginprocessor.wechat;

/**
 * What {@code cgi-bin/user/info} says about a user of an account. Since 2021 WeChat no
 * longer returns nickname or avatar; what is left is whether the user follows, how they
 * came, and the unionid that keys a user across the accounts bound to one Open Platform
 * account.
 *
 * @param subscribed whether the user follows the account ({@code subscribe=1}); WeChat
 * returns nothing else about a user who does not (except a unionid)
 * @param unionId the user's unionid, or {@code null} if the account is bound to no Open
 * Platform account
 * @param subscribeScene how the user came to follow, e.g. {@code ADD_SCENE_QR_CODE}, or
 * {@code null}
 * @param language the user's language, e.g. {@code zh_CN}, or {@code null} (WeChat
 * announced it would stop returning it)
 */
public record UserInfo(boolean subscribed, String unionId, String subscribeScene, String language) {

	@Override
	public String toString() {
		return "UserInfo[subscribed=" + this.subscribed + ", unionId=" + ((this.unionId != null) ? "******" : "none")
				+ ", subscribeScene=" + this.subscribeScene + ", language=" + this.language + "]";
	}

}
