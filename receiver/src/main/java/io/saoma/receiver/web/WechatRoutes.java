package io.saoma.receiver.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of the WeChat server URL, {@code /wechat/{account}}.
 */
public final class WechatRoutes {

	/**
	 * The path template; {@code account} is the configuration key under
	 * {@code wechat.accounts}.
	 */
	public static final String PATH = "/wechat/{account}";

	private WechatRoutes() {
	}

	/**
	 * Builds the routes.
	 * @param handler the handler
	 * @return GET (URL verification) and POST (pushes)
	 */
	public static RouterFunction<ServerResponse> of(WechatHandler handler) {
		return RouterFunctions.route().GET(PATH, handler::verify).POST(PATH, handler::receive).build();
	}

}
