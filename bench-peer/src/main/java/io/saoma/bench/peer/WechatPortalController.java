package io.saoma.bench.peer;

import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WeChat server URL as WxJava's demo portal serves it: GET answers the URL
 * verification with {@code echostr}; POST checks the {@code signature}, decrypts and
 * parses the safe-mode push ({@link WxMpXmlMessage#fromEncryptedXml}, which checks
 * {@code msg_signature}) and answers {@code success}. Nothing is written anywhere: the
 * push is lost if this process dies after answering.
 */
@RestController
@RequestMapping("/wechat/{account}")
class WechatPortalController {

	private static final Logger logger = LoggerFactory.getLogger(WechatPortalController.class);

	private final WxMpService wxMpService;

	private final PeerAccountProperties account;

	WechatPortalController(WxMpService wxMpService, PeerAccountProperties account) {
		this.wxMpService = wxMpService;
		this.account = account;
	}

	@GetMapping(produces = "text/plain;charset=utf-8")
	String verify(@PathVariable String account, @RequestParam String signature, @RequestParam String timestamp,
			@RequestParam String nonce, @RequestParam String echostr) {
		checkAccountAndSignature(account, timestamp, nonce, signature);
		return echostr;
	}

	@PostMapping(produces = "text/plain;charset=utf-8")
	String push(@PathVariable String account, @RequestBody String body, @RequestParam String signature,
			@RequestParam String timestamp, @RequestParam String nonce,
			@RequestParam(name = "encrypt_type", required = false) String encryptType,
			@RequestParam(name = "msg_signature", required = false) String msgSignature) {
		checkAccountAndSignature(account, timestamp, nonce, signature);
		if (!"aes".equalsIgnoreCase(encryptType)) {
			throw new RejectedPushException("not a safe-mode push");
		}
		WxMpXmlMessage message = WxMpXmlMessage.fromEncryptedXml(body, this.wxMpService.getWxMpConfigStorage(),
				timestamp, nonce, msgSignature);
		if (message.getMsgType() == null) {
			throw new RejectedPushException("no MsgType");
		}
		return "success";
	}

	private void checkAccountAndSignature(String account, String timestamp, String nonce, String signature) {
		if (!this.account.name().equals(account)) {
			throw new RejectedPushException("unknown account");
		}
		if (!this.wxMpService.checkSignature(timestamp, nonce, signature)) {
			throw new RejectedPushException("bad signature");
		}
	}

	@ExceptionHandler(RuntimeException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String rejected(RuntimeException ex) {
		// WxJava throws a RuntimeException on a bad msg_signature or an undecryptable
		// body; the reason only (no body, no parameter values)
		logger.warn("Push rejected with 400: {}", ex.getMessage());
		return "error";
	}

	static final class RejectedPushException extends RuntimeException {

		RejectedPushException(String reason) {
			super(reason);
		}

	}

}
