package io.saoma.forwarder.relay;

import java.net.URI;
import java.nio.ByteBuffer;

import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;

/**
 * One HTTP request to an Authing connection, in the account's format.
 *
 * @param uri where it goes
 * @param contentType its content type
 * @param body its body
 */
public record RelayRequest(URI uri, String contentType, byte[] body) {

	/**
	 * Builds the request for a push.
	 * @param event the push
	 * @param eventsUrl the connection's events URL
	 * @param format the account's format
	 * @return the request
	 * @throws RelayFailure.Rejected if the push cannot be carried in that format
	 */
	public static RelayRequest of(WechatEvent event, URI eventsUrl, Format format) {
		byte[] original = bytes(event.getRequest().getBody());
		if (format == Format.VERBATIM) {
			String query = event.getRequest().getRawQuery();
			String separator = (eventsUrl.getRawQuery() != null) ? "&" : "?";
			URI uri = query.isEmpty() ? eventsUrl : URI.create(eventsUrl + separator + query);
			String contentType = event.getRequest().getContentType();
			return new RelayRequest(uri, (contentType != null) ? contentType : "text/xml", original);
		}
		if (event.getEncryption() == EncryptionMode.PLAINTEXT) {
			throw new RelayFailure.Rejected("a plaintext-mode push has no ciphertext for the authing-demo format: "
					+ "use format verbatim for account " + event.getAccount());
		}
		try {
			return new RelayRequest(eventsUrl, "application/json", AuthingDemoBody.of(original));
		}
		catch (IllegalArgumentException ex) {
			throw new RelayFailure.Rejected(ex.getMessage());
		}
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

}
