package io.saoma.loginprocessor.wechat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds WeChat URLs from the configured base URLs, which may carry a path prefix (a
 * proxy) and a trailing slash.
 */
final class Endpoints {

	private Endpoints() {
	}

	/**
	 * A URL template under a base URL: the base as configured, then the path.
	 * @param base the base URL
	 * @param path the path, e.g. {@code /cgi-bin/stable_token}
	 * @return the template
	 */
	static String template(URI base, String path) {
		return withoutTrailingSlash(base) + path;
	}

	static URI resolve(URI base, String path, String queryParameter, String value) {
		return URI.create(withoutTrailingSlash(base) + path + "?" + queryParameter + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

	private static String withoutTrailingSlash(URI base) {
		String text = base.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
