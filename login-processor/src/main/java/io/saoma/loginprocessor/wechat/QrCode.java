package io.saoma.loginprocessor.wechat;

import java.net.URI;

/**
 * A temporary QR code WeChat created. A scan of it reaches us as a push carrying the same
 * ticket.
 *
 * @param ticket WeChat's ticket for it
 * @param expireSeconds how long WeChat says it is valid
 * @param url the content to encode in the QR image
 */
public record QrCode(String ticket, long expireSeconds, String url) {

	/**
	 * WeChat's ready-made image of this code ({@code showqrcode}); tickets contain
	 * {@code + / =}, hence the encoding.
	 * @param qrImageBaseUrl {@code wechat.api.qr-image-base-url}
	 */
	public URI imageUrl(URI qrImageBaseUrl) {
		return Endpoints.resolve(qrImageBaseUrl, "/cgi-bin/showqrcode", "ticket", this.ticket);
	}

}
