package io.saoma.receiver.parse;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.saoma.common.xml.HardenedXml;

/**
 * Reads a WeChat XML message ({@code <xml><ToUserName>...</ToUserName>...</xml>}) into
 * {@link MessageFields} with a streaming StAX parser ({@link HardenedXml}'s). Hardened:
 * any DOCTYPE is rejected before it is processed (no XXE, no entity expansion), external
 * entities are off, and nesting, field count and name length are bounded. CDATA and plain
 * text are both accepted and never trimmed. Every parser failure, checked or not (Aalto
 * reports some errors, e.g. a body cut inside CDATA, with unchecked exceptions), is a
 * {@link MalformedPushException}.
 */
public final class XmlMessageReader {

	/** The root element plus {@link MessageFields#MAX_DEPTH} levels below it. */
	private static final int MAX_DEPTH = MessageFields.MAX_DEPTH + 1;

	private static final XMLInputFactory FACTORY = HardenedXml.inputFactory();

	private XmlMessageReader() {
	}

	/**
	 * Reads a message from bytes (the encoding comes from the XML declaration, UTF-8 by
	 * default).
	 * @param in the body
	 * @return the fields
	 * @throws MalformedPushException if it is not well-formed or has a DOCTYPE
	 */
	public static MessageFields read(InputStream in) throws MalformedPushException {
		return read(() -> FACTORY.createXMLStreamReader(in));
	}

	/**
	 * Reads a message from text (a decrypted inner message).
	 * @param in the message
	 * @return the fields
	 * @throws MalformedPushException if it is not well-formed or has a DOCTYPE
	 */
	public static MessageFields read(Reader in) throws MalformedPushException {
		return read(() -> FACTORY.createXMLStreamReader(in));
	}

	/**
	 * Reads a message from text (a decrypted inner message, a plaintext body): a flat
	 * message ({@link FlatXml}, nearly every push) in one pass without a parser, anything
	 * else with the hardened parser.
	 * @param text the message
	 * @return the fields
	 * @throws MalformedPushException if it is not well-formed or has a DOCTYPE
	 */
	public static MessageFields read(String text) throws MalformedPushException {
		MessageFields flat = FlatXml.read(text);
		return (flat != null) ? flat : read(new StringReader(text));
	}

	/**
	 * Opens the parser and reads the message; every parser failure, from opening to the
	 * end, becomes a {@link MalformedPushException}.
	 */
	private static MessageFields read(XmlSource source) throws MalformedPushException {
		try {
			return readFields(source.open());
		}
		catch (XMLStreamException ex) {
			throw malformed(ex);
		}
		catch (RuntimeException ex) {
			// e.g. Aalto's UncheckedStreamException for an error found while reading text
			// lazily
			throw new MalformedPushException("malformed XML");
		}
	}

	private static MessageFields readFields(XMLStreamReader xml) throws MalformedPushException, XMLStreamException {
		MessageFields fields = new MessageFields();
		String[] path = new String[MAX_DEPTH + 1];
		boolean[] hasChildren = new boolean[MAX_DEPTH + 1];
		StringBuilder text = new StringBuilder(64);
		int depth = 0;
		while (xml.hasNext()) {
			switch (xml.next()) {
				case XMLStreamConstants.DTD -> throw new MalformedPushException("DOCTYPE is not allowed");
				case XMLStreamConstants.ENTITY_REFERENCE ->
					throw new MalformedPushException("entity references are not allowed");
				case XMLStreamConstants.START_ELEMENT -> {
					if (depth == MAX_DEPTH) {
						throw new MalformedPushException("XML is nested deeper than " + MAX_DEPTH + " levels");
					}
					if (xml.getLocalName().length() > MessageFields.MAX_NAME_LENGTH) {
						throw new MalformedPushException(
								"element name is longer than " + MessageFields.MAX_NAME_LENGTH + " characters");
					}
					hasChildren[depth] = true;
					depth++;
					path[depth] = xml.getLocalName();
					hasChildren[depth] = false;
					text.setLength(0);
				}
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
					text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
				case XMLStreamConstants.END_ELEMENT -> {
					if (depth >= 2 && !hasChildren[depth]) {
						fields.add(name(path, depth), text.toString());
					}
					text.setLength(0);
					depth--;
				}
				default -> {
				}
			}
		}
		xml.close();
		if (fields.isEmpty()) {
			throw new MalformedPushException("XML has no fields");
		}
		return fields;
	}

	private static String name(String[] path, int depth) {
		if (depth == 2) {
			return path[2];
		}
		StringBuilder name = new StringBuilder(path[2]);
		for (int i = 3; i <= depth; i++) {
			name.append('.').append(path[i]);
		}
		return name.toString();
	}

	@FunctionalInterface
	private interface XmlSource {

		XMLStreamReader open() throws XMLStreamException;

	}

	private static MalformedPushException malformed(XMLStreamException ex) {
		Location location = ex.getLocation();
		if (location == null || location.getLineNumber() < 0) {
			return new MalformedPushException("malformed XML");
		}
		return new MalformedPushException(
				"malformed XML at line " + location.getLineNumber() + ", column " + location.getColumnNumber());
	}

}
