package io.saoma.receiver.config;

import java.util.HashMap;
import java.util.Map;

import io.saoma.common.config.WechatAccountsProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds {@link WechatAccountsProperties} from environment variables the way Boot does for
 * a real process.
 */
final class EnvironmentBinding {

	private EnvironmentBinding() {
	}

	static WechatAccountsProperties bind(Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		return new Binder(ConfigurationPropertySources.get(environment)).bind("wechat", WechatAccountsProperties.class)
			.get();
	}

}
