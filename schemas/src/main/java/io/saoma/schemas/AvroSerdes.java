package io.saoma.schemas;

import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;

/**
 * The serdes of the pipeline's topics, one shared instance per record type.
 */
public final class AvroSerdes {

	private static final AvroSerde<WechatEvent> WECHAT_EVENT = AvroSerde.of(WechatEvent.class);

	private static final AvroSerde<QrTicket> QR_TICKET = AvroSerde.of(QrTicket.class);

	private static final AvroSerde<LoginResult> LOGIN_RESULT = AvroSerde.of(LoginResult.class);

	private static final AvroSerde<LoginStatus> LOGIN_STATUS = AvroSerde.of(LoginStatus.class);

	private static final AvroSerde<RedemptionRequest> REDEMPTION_REQUEST = AvroSerde.of(RedemptionRequest.class);

	private static final AvroSerde<LoginFunnel> LOGIN_FUNNEL = AvroSerde.of(LoginFunnel.class);

	private AvroSerdes() {
	}

	/**
	 * The value serde of {@link Topics#WECHAT_EVENTS}.
	 * @return the serde
	 */
	public static AvroSerde<WechatEvent> wechatEvent() {
		return WECHAT_EVENT;
	}

	/**
	 * The value serde of {@link Topics#QR_TICKETS}.
	 * @return the serde
	 */
	public static AvroSerde<QrTicket> qrTicket() {
		return QR_TICKET;
	}

	/**
	 * The value serde of {@link Topics#LOGINS}.
	 * @return the serde
	 */
	public static AvroSerde<LoginResult> loginResult() {
		return LOGIN_RESULT;
	}

	/**
	 * The value serde of {@link Topics#LOGIN_STATUS}.
	 * @return the serde
	 */
	public static AvroSerde<LoginStatus> loginStatus() {
		return LOGIN_STATUS;
	}

	/**
	 * The value serde of {@link Topics#LOGIN_REDEMPTIONS}.
	 * @return the serde
	 */
	public static AvroSerde<RedemptionRequest> redemptionRequest() {
		return REDEMPTION_REQUEST;
	}

	/**
	 * The value serde of {@link Topics#LOGIN_FUNNEL}.
	 * @return the serde
	 */
	public static AvroSerde<LoginFunnel> loginFunnel() {
		return LOGIN_FUNNEL;
	}

}
