package io.saoma.loginprocessor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.loginprocessor.config.ProfileProperties;
import io.saoma.loginprocessor.profile.ProfileChecks;
import io.saoma.loginprocessor.profile.Profiles;
import io.saoma.loginprocessor.wechat.UserInfo;
import io.saoma.loginprocessor.wechat.UserInfoClient;
import io.saoma.loginprocessor.wechat.WechatClients;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the profiles redemptions carry ({@code login.profile.*}): a {@code user/info}
 * client for each account that opted in, on the account's one token holder.
 */
@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

	/**
	 * The time profiles expire by; tests replace it.
	 * @return the system ticker
	 */
	@Bean
	@ConditionalOnMissingBean
	Ticker profileTicker() {
		return Ticker.systemTicker();
	}

	@Bean
	Profiles profiles(ProfileProperties properties, WechatClients wechatClients, Ticker profileTicker,
			MeterRegistry registry) {
		ProfileChecks.check(properties, wechatClients.accounts());
		Map<String, Function<String, Mono<UserInfo>>> lookups = new LinkedHashMap<>();
		for (String account : properties.accounts()) {
			UserInfoClient client = wechatClients.userInfo(account, properties.timeout());
			lookups.put(account, client::get);
		}
		return new Profiles(lookups, properties, profileTicker, registry);
	}

}
