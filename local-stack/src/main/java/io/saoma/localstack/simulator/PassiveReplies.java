package io.saoma.localstack.simulator;

import java.io.StringReader;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.saoma.common.xml.HardenedXml;
import io.saoma.localstack.DemoAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.DecryptionException;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;

/**
 * Reads a passive reply the receiver answered to a push, as WeChat does before showing it
 * in the user's chat: in safe mode the reply is encrypted with the account's
 * EncodingAESKey and signed ({@code MsgSignature} over the token, {@code TimeStamp},
 * {@code Nonce} and {@code Encrypt}); a reply that fails the signature or the decryption
 * is not shown (WeChat shows the user "该公众号暂时无法提供服务").
 */
final class PassiveReplies {

	private static final AesKey KEY = AesKey.decode(DemoAccount.ENCODING_AES_KEY);

	private PassiveReplies() {
	}

	/**
	 * Whether an answer to a push is a passive reply rather than {@code success} or an
	 * empty body.
	 */
	static boolean isReply(String answer) {
		return answer.stripLeading().startsWith("<xml>");
	}

	/**
	 * The text of a passive reply.
	 * @param answer the receiver's answer (encrypted or plain XML)
	 * @return the text content, or {@code null} if it is not a valid text reply
	 */
	static String text(String answer) {
		String encrypt = element(answer, "Encrypt");
		String xml = answer;
		if (encrypt != null) {
			String signature = element(answer, "MsgSignature");
			String timestamp = element(answer, "TimeStamp");
			String nonce = element(answer, "Nonce");
			if (signature == null || timestamp == null || nonce == null
					|| !WechatSignature.matches(signature, DemoAccount.TOKEN, timestamp, nonce, encrypt)) {
				return null;
			}
			try {
				xml = MessageCipher.decrypt(encrypt, KEY, DemoAccount.APP_ID);
			}
			catch (DecryptionException ex) {
				return null;
			}
		}
		return "text".equals(element(xml, "MsgType")) ? element(xml, "Content") : null;
	}

	private static String element(String xml, String name) {
		try {
			XMLStreamReader reader = HardenedXml.inputFactory().createXMLStreamReader(new StringReader(xml));
			try {
				while (reader.hasNext()) {
					if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals(name)) {
						return reader.getElementText();
					}
				}
				return null;
			}
			finally {
				reader.close();
			}
		}
		catch (XMLStreamException ex) {
			return null;
		}
	}

}
