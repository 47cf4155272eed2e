package io.saoma.loginprocessor.api;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Creates temporary QR codes for one account (through WeChat's {@code qrcode/create}).
 */
@FunctionalInterface
public interface QrCodeIssuer {

	/**
	 * Creates a QR code.
	 * @param scene the scene string (at most 64 characters)
	 * @param ttl how long it should be valid
	 * @return the code; fails with a {@code WechatApiException} if WeChat refuses or does
	 * not answer
	 */
	Mono<IssuedQrCode> issue(String scene, Duration ttl);

	/**
	 * A QR code WeChat created.
	 *
	 * @param ticket its ticket (scans carry it)
	 * @param expireSeconds how long WeChat says it is valid
	 * @param content the content to encode in the QR image ({@code url})
	 * @param imageUrl a ready-made image of it ({@code showqrcode})
	 */
	record IssuedQrCode(String ticket, long expireSeconds, String content, String imageUrl) {
	}

}
