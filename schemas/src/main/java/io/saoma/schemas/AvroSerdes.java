package io.saoma.schemas;

import io.saoma.schemas.event.WechatEvent;

/**
 * The serdes of the pipeline's topics, one shared instance per record type.
 */
public final class AvroSerdes {

	private static final AvroSerde<WechatEvent> WECHAT_EVENT = AvroSerde.of(WechatEvent.class);

	private AvroSerdes() {
	}

	/**
	 * The value serde of {@link Topics#WECHAT_EVENTS}.
	 * @return the serde
	 */
	public static AvroSerde<WechatEvent> wechatEvent() {
		return WECHAT_EVENT;
	}

}
