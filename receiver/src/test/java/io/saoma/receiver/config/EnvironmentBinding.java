package io.saoma.receiver.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds {@link WechatProperties} from environment variables the way Boot does for a real
 * process.
 */
final class EnvironmentBinding {

	private EnvironmentBinding() {
	}

	static WechatProperties bind(Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		return new Binder(ConfigurationPropertySources.get(environment)).bind("wechat", WechatProperties.class).get();
	}

}
