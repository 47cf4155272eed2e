package io.saoma.bench.peer;

import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * WxJava's service for the account, configured in memory (no call to WeChat is made:
 * signature checks and decryption are local).
 */
@Configuration(proxyBeanMethods = false)
class WxMpConfiguration {

	@Bean
	WxMpService wxMpService(PeerAccountProperties account) {
		WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
		config.setAppId(account.appId());
		config.setToken(account.token());
		config.setAesKey(account.encodingAesKey());
		WxMpService service = new WxMpServiceImpl();
		service.setWxMpConfigStorage(config);
		return service;
	}

}
