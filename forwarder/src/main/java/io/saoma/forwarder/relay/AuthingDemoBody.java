package io.saoma.forwarder.relay;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.saoma.common.xml.HardenedXml;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The body Authing's official relay demo sends: the push's XML as
 * {@code express-xml-bodyparser} (xml2js with
 * {@code explicitArray, normalize, normalizeTags, trim}) parses it, serialized as
 * {@code JSON.stringify} does. Tag names are lower-cased, every value is wrapped in an
 * array, text is trimmed and inner runs of white space are collapsed, and the ciphertext
 * stays exactly as received: {@code {"xml":{"tousername":["gh_..."],"encrypt":["..."]}}}.
 */
final class AuthingDemoBody {

	private static final XMLInputFactory FACTORY = HardenedXml.inputFactory();

	private static final JsonFactory JSON = new JsonFactory();

	private AuthingDemoBody() {
	}

	/**
	 * Converts a push's XML body.
	 * @param xml the original body
	 * @return the JSON body, UTF-8
	 * @throws IllegalArgumentException if the body is not XML
	 */
	static byte[] of(byte[] body) {
		int start = 0;
		while (start < body.length && Character.isWhitespace(body[start])) {
			start++;
		}
		return (start < body.length && body[start] == '{') ? ofJson(body) : ofXml(body);
	}

	/**
	 * The console's JSON data format: the envelope's keys lower-cased and values wrapped
	 * in arrays, under {@code "xml"}, so Authing receives the same shape as for XML
	 * pushes.
	 */
	private static byte[] ofJson(byte[] body) {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("the push body is not a JSON object");
			}
			StringBuilder json = new StringBuilder(body.length + 64).append("{\"xml\":{");
			boolean first = true;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName().toLowerCase(Locale.ROOT);
				JsonToken value = parser.nextToken();
				if (value.isStructStart()) {
					throw new IllegalArgumentException("nested JSON is not part of WeChat's push envelope");
				}
				json.append(first ? "" : ",");
				first = false;
				JsonText.string(json, name).append(":[");
				JsonText.string(json, (value == JsonToken.VALUE_NULL) ? "" : parser.getString()).append(']');
			}
			return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the push body is not valid JSON", ex);
		}
	}

	private static byte[] ofXml(byte[] xml) {
		try {
			XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
			while (reader.next() != XMLStreamConstants.START_ELEMENT) {
				if (reader.getEventType() == XMLStreamConstants.DTD) {
					throw new IllegalArgumentException("DOCTYPE is not allowed");
				}
			}
			String root = tag(reader);
			Object value = element(reader);
			StringBuilder json = new StringBuilder(xml.length + 64).append('{');
			JsonText.string(json, root).append(':');
			writeValue(json, value);
			return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
		}
		catch (XMLStreamException | RuntimeException ex) {
			throw new IllegalArgumentException(
					"the push body is not XML Authing's relay format can carry: " + ex.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * Reads the element the reader is on, up to its end: an object of arrays, or its
	 * normalized text.
	 */
	private static Object element(XMLStreamReader reader) throws XMLStreamException {
		Map<String, List<Object>> children = new LinkedHashMap<>();
		StringBuilder text = new StringBuilder();
		while (true) {
			switch (reader.next()) {
				case XMLStreamConstants.START_ELEMENT -> {
					String name = tag(reader);
					children.computeIfAbsent(name, (key) -> new ArrayList<>()).add(element(reader));
				}
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
					text.append(reader.getText());
				case XMLStreamConstants.END_ELEMENT -> {
					return children.isEmpty() ? normalize(text.toString()) : children;
				}
				case XMLStreamConstants.DTD -> throw new IllegalArgumentException("DOCTYPE is not allowed");
				default -> {
				}
			}
		}
	}

	private static String tag(XMLStreamReader reader) {
		if (reader.getAttributeCount() > 0) {
			throw new IllegalArgumentException("attributes are not part of WeChat's push format");
		}
		return reader.getLocalName().toLowerCase(Locale.ROOT);
	}

	/**
	 * xml2js: {@code trim} then {@code normalize} ({@code /\s{2,}/g -> " "}, trim), with
	 * Java's {@code \s} ({@code [ \t\n\x0B\f\r]}) as that pattern would have it.
	 */
	static String normalize(String text) {
		String trimmed = text.strip();
		StringBuilder collapsed = null;
		int i = 0;
		while (i < trimmed.length()) {
			int run = i;
			while (run < trimmed.length() && isRegexSpace(trimmed.charAt(run))) {
				run++;
			}
			if (run - i >= 2) {
				if (collapsed == null) {
					collapsed = new StringBuilder(trimmed.length()).append(trimmed, 0, i);
				}
				collapsed.append(' ');
				i = run;
			}
			else {
				if (collapsed != null) {
					collapsed.append(trimmed.charAt(i));
				}
				i++;
			}
		}
		return (collapsed != null) ? collapsed.toString().strip() : trimmed;
	}

	private static boolean isRegexSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
	}

	@SuppressWarnings("unchecked")
	private static void writeValue(StringBuilder json, Object value) {
		if (value instanceof String text) {
			JsonText.string(json, text);
			return;
		}
		json.append('{');
		boolean first = true;
		for (Map.Entry<String, List<Object>> child : ((Map<String, List<Object>>) value).entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			JsonText.string(json, child.getKey()).append(":[");
			for (int i = 0; i < child.getValue().size(); i++) {
				if (i > 0) {
					json.append(',');
				}
				writeValue(json, child.getValue().get(i));
			}
			json.append(']');
		}
		json.append('}');
	}

}
