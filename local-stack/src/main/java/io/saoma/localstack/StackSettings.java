package io.saoma.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.saoma.common.config.WechatAccountsProperties;

/**
 * What each application of the local stack is configured with. By default everything
 * talks to the simulators; with real credentials in the environment the same stack talks
 * to the real WeChat API and Authing instead.
 *
 * @param wechat the real account (the shape of {@code wechat.accounts.<account>}, secrets
 * masked in its text), or {@code null} for the simulated one
 * @param authingEventsUrl the real Authing connection's events URL, or {@code null} for
 * the fake Authing
 * @param siteOrigins origins of other sites whose pages may use the login API (and so the
 * login widget) besides the stack's own login page
 * @param loginProcessorOverrides login processor properties that replace the stack's
 * (tests)
 */
public record StackSettings(WechatAccountsProperties.Account wechat, String authingEventsUrl, List<String> siteOrigins,
		Map<String, String> loginProcessorOverrides) {

	public StackSettings {
		siteOrigins = List.copyOf(siteOrigins);
		loginProcessorOverrides = Map.copyOf(loginProcessorOverrides);
	}

	public StackSettings(WechatAccountsProperties.Account wechat, String authingEventsUrl) {
		this(wechat, authingEventsUrl, List.of(), Map.of());
	}

	/**
	 * The same settings, with the login API open to one more site's pages.
	 * @param origin the site's origin, e.g. {@code http://127.0.0.1:8123}
	 * @return the settings
	 */
	public StackSettings withSiteOrigin(String origin) {
		List<String> origins = new ArrayList<>(this.siteOrigins);
		origins.add(origin);
		return new StackSettings(this.wechat, this.authingEventsUrl, origins, this.loginProcessorOverrides);
	}

	/**
	 * The same settings, with one login processor property set otherwise.
	 * @param name the property
	 * @param value its value
	 * @return the settings
	 */
	public StackSettings withLoginProcessorProperty(String name, String value) {
		Map<String, String> overrides = new LinkedHashMap<>(this.loginProcessorOverrides);
		overrides.put(name, value);
		return new StackSettings(this.wechat, this.authingEventsUrl, this.siteOrigins, overrides);
	}

	/**
	 * Everything simulated.
	 * @return the settings
	 */
	public static StackSettings simulated() {
		return new StackSettings(null, null);
	}

	/**
	 * Reads {@code WECHAT_APP_ID}, {@code WECHAT_APP_SECRET}, {@code WECHAT_TOKEN},
	 * {@code WECHAT_ENCODING_AES_KEY} and {@code AUTHING_EVENTS_URL}; what is not set
	 * stays simulated.
	 * @param environment the environment variables
	 * @return the settings
	 */
	public static StackSettings fromEnvironment(Map<String, String> environment) {
		WechatAccountsProperties.Account wechat = (environment.get("WECHAT_APP_ID") != null)
				? new WechatAccountsProperties.Account(environment.get("WECHAT_APP_ID"),
						environment.get("WECHAT_APP_SECRET"), environment.get("WECHAT_TOKEN"),
						environment.get("WECHAT_ENCODING_AES_KEY"), null, null)
				: null;
		return new StackSettings(wechat, environment.get("AUTHING_EVENTS_URL"));
	}

	/**
	 * The simulator application's properties (also used by the fault suite, which runs
	 * each service in a JVM of its own).
	 * @param ports where the stack listens
	 * @return Spring Boot properties
	 */
	public Map<String, String> simulator(StackPorts ports) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.putAll(listen(ports, ports.page()));
		properties.put("simulator.receiver-url", ports.url(ports.receiver()) + "/wechat/" + DemoAccount.ID);
		properties.put("simulator.login-api-url", ports.url(ports.loginProcessor()));
		properties.put("simulator.redeem-api-key", DemoAccount.REDEEM_API_KEY);
		properties.put("simulator.funnel-api-key", DemoAccount.FUNNEL_API_KEY);
		// so that the demo's redemptions show a unionid (login.profile.accounts)
		properties.put("simulator.open-platform-bound", "true");
		return properties;
	}

	/**
	 * The receiver's properties.
	 * @param ports where the stack listens
	 * @return Spring Boot properties
	 */
	public Map<String, String> receiver(StackPorts ports) {
		Map<String, String> properties = accounts();
		properties.putAll(listen(ports, ports.receiver()));
		properties.putAll(privateManagementPort());
		properties.put("wechat.accounts.demo.token", (this.wechat != null) ? this.wechat.token() : DemoAccount.TOKEN);
		properties.put("wechat.accounts.demo.encoding-aes-key",
				(this.wechat != null) ? this.wechat.encodingAesKey() : DemoAccount.ENCODING_AES_KEY);
		// a new follower gets it as the passive reply to the subscribe push (the page's
		// phone shows it)
		properties.put("wechat.receiver.welcome.texts.demo", DemoAccount.WELCOME_TEXT);
		return properties;
	}

	/**
	 * The login processor's properties.
	 * @param ports where the stack listens ({@code loginProcessor} is this instance's API
	 * port)
	 * @param state its Kafka Streams state directory
	 * @return Spring Boot properties
	 */
	public Map<String, String> loginProcessor(StackPorts ports, Path state) {
		Map<String, String> properties = accounts();
		properties.putAll(listen(ports, ports.loginProcessor()));
		properties.putAll(privateManagementPort());
		properties.put("login.advertised-host", ports.connectHost());
		properties.put("spring.kafka.streams.state-dir", state.toString());
		// the stack runs one instance: a standby would have nowhere to go (Kafka Streams
		// warns at every rebalance)
		properties.put("spring.kafka.streams.properties.num.standby.replicas", "0");
		properties.put("wechat.accounts.demo.app-secret",
				(this.wechat != null) ? this.wechat.appSecret() : DemoAccount.APP_SECRET);
		if (this.wechat == null) {
			String simulator = ports.url(ports.page()) + "/sim/wechat";
			properties.put("wechat.api.base-url", simulator);
			properties.put("wechat.api.qr-image-base-url", simulator);
			// the simulator stamps CreateTime with this machine's clock and nothing lags
			// on a local broker: no skew to
			// allow for, and a short grace keeps EXPIRED as prompt as the page expects
			properties.put("login.scan-clock-skew", "0s");
			properties.put("login.expiry-grace", "2s");
		}
		properties.put("login.redeem-api-key", DemoAccount.REDEEM_API_KEY);
		// the page's funnel chart, read through the simulator
		properties.put("login.funnel.api-key", DemoAccount.FUNNEL_API_KEY);
		// redemptions carry the user/info profile (the unionid)
		properties.put("login.profile.accounts", DemoAccount.ID);
		// sent as a customer-service message after each login (the page's phone shows it)
		properties.put("login.confirmation.accounts.demo.text", DemoAccount.CONFIRMATION_TEXT);
		// the page as a person opens it, by name or by address, and other sites using the
		// login widget
		List<String> origins = new ArrayList<>(
				List.of(ports.url(ports.page()), "http://" + StackPorts.LOOPBACK + ":" + ports.page()));
		origins.addAll(this.siteOrigins);
		properties.put("login.cors-allowed-origins", String.join(",", origins));
		// the page's widget renews its QR code by itself, and a person and the tests
		// start logins from one address: more than the production default of 10 a
		// minute
		properties.put("login.limits.client-starts", "60");
		properties.putAll(this.loginProcessorOverrides);
		return properties;
	}

	/**
	 * The forwarder's properties.
	 * @param ports where the stack listens
	 * @param state its Kafka Streams state directory
	 * @return Spring Boot properties
	 */
	public Map<String, String> forwarder(StackPorts ports, Path state) {
		Map<String, String> properties = new LinkedHashMap<>();
		// the forwarder serves nothing but its actuator: that is what the stack's
		// forwarder port is (the dead-letter
		// re-drive), on the stack's address; its application port is a free one
		properties.putAll(listen(ports, 0));
		properties.put("management.server.port", Integer.toString(ports.forwarder()));
		properties.put("management.server.address", ports.address());
		properties.put("spring.kafka.streams.state-dir", state.toString());
		// the JSON mirror (wechat.json.*) on, so that it can be tried locally
		properties.put("forwarder.fanout.json-mirror.enabled", "true");
		properties.put("forwarder.accounts.demo.events-url",
				(this.authingEventsUrl != null) ? this.authingEventsUrl
						: ports.url(ports.page()) + "/sim/authing/connections/social/" + DemoAccount.AUTHING_CONNECTION
								+ "/" + DemoAccount.AUTHING_POOL + "/events");
		return properties;
	}

	private static Map<String, String> listen(StackPorts ports, int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.address", ports.address());
		properties.put("server.port", Integer.toString(port));
		return properties;
	}

	/**
	 * The actuator on a free port of its own, on loopback (the applications' default), as
	 * in a deployment.
	 */
	private static Map<String, String> privateManagementPort() {
		return Map.of("management.server.port", "0", "management.server.address", StackPorts.LOOPBACK);
	}

	private Map<String, String> accounts() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("wechat.accounts.demo.app-id", (this.wechat != null) ? this.wechat.appId() : DemoAccount.APP_ID);
		return properties;
	}

}
