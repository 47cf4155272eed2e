package io.saoma.forwarder.relay;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;

/**
 * One HTTP request to an Authing connection, in the account's format.
 *
 * @param account the account it relays a push of (a tag of the call's metrics, not sent)
 * @param uri where it goes
 * @param contentType its content type
 * @param body its body
 * @param pushId the push's de-duplication id ({@link DedupIds#of(WechatEvent)}): the same
 * for every delivery of one push (WeChat's retries, replays, our own retries), sent as
 * {@value RelayClient#EVENT_ID_HEADER}
 * @param deliveryId the delivery's event id (new for each of WeChat's retries), sent as
 * {@value RelayClient#DELIVERY_ID_HEADER} so that operators can find the delivery in the
 * logs and topics
 */
public record RelayRequest(String account, URI uri, String contentType, byte[] body, String pushId, String deliveryId) {

	/**
	 * The headers that identify the push.
	 * @return the header values by name
	 */
	public Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		if (this.pushId != null) {
			headers.put(RelayClient.EVENT_ID_HEADER, this.pushId);
		}
		if (this.deliveryId != null) {
			headers.put(RelayClient.DELIVERY_ID_HEADER, this.deliveryId);
		}
		return headers;
	}

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
		String pushId = DedupIds.of(event);
		String deliveryId = event.getEventId();
		if (format == Format.VERBATIM) {
			String query = event.getRequest().getRawQuery();
			String separator = (eventsUrl.getRawQuery() != null) ? "&" : "?";
			URI uri = query.isEmpty() ? eventsUrl : URI.create(eventsUrl + separator + query);
			String contentType = event.getRequest().getContentType();
			return new RelayRequest(event.getAccount(), uri, (contentType != null) ? contentType : "text/xml", original,
					pushId, deliveryId);
		}
		if (event.getEncryption() == EncryptionMode.PLAINTEXT) {
			throw new RelayFailure.Rejected("a plaintext-mode push has no ciphertext for the authing-demo format: "
					+ "use format verbatim for account " + event.getAccount());
		}
		try {
			return new RelayRequest(event.getAccount(), eventsUrl, "application/json", AuthingDemoBody.of(original),
					pushId, deliveryId);
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
