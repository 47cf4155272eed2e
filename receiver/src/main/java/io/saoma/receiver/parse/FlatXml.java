package io.saoma.receiver.parse;

/**
 * Reads, in one pass over the text, the flat messages WeChat sends: {@code <xml>}, then
 * elements {@code <Name>} holding one CDATA section or plain text, then {@code </xml>},
 * with only whitespace between them. That is nearly every push; for it this gives the
 * fields a full StAX parse would give, without one. Anything else (nesting, an empty-tag
 * element, an attribute, a declaration, DOCTYPE, a comment, an entity or character
 * reference, a carriage return inside a value, a character XML does not allow, a name
 * outside {@code [A-Za-z_][A-Za-z0-9_.-]*}) is not recognised and the caller parses it
 * with {@link XmlMessageReader}'s hardened parser: this is only a fast path, it never
 * accepts more than that parser.
 */
final class FlatXml {

	private static final String ROOT_OPEN = "<xml>";

	private static final String ROOT_CLOSE = "</xml>";

	private static final String CDATA_OPEN = "<![CDATA[";

	private static final String CDATA_CLOSE = "]]>";

	private FlatXml() {
	}

	/**
	 * Reads a flat message.
	 * @param text the message
	 * @return its fields, or {@code null} if it is not a flat message (or breaks a limit
	 * of {@link MessageFields}: the full parse reports it)
	 */
	static MessageFields read(String text) {
		int at = skipWhitespace(text, 0);
		if (!text.startsWith(ROOT_OPEN, at)) {
			return null;
		}
		at += ROOT_OPEN.length();
		MessageFields fields = new MessageFields();
		int length = text.length();
		while (true) {
			at = skipWhitespace(text, at);
			if (at + 1 >= length || text.charAt(at) != '<' || text.charAt(at + 1) == '/') {
				break;
			}
			int nameStart = at + 1;
			int nameEnd = name(text, nameStart);
			if (nameEnd < 0 || nameEnd >= length || text.charAt(nameEnd) != '>') {
				return null;
			}
			int from = nameEnd + 1;
			int to;
			int next;
			if (text.startsWith(CDATA_OPEN, from)) {
				from += CDATA_OPEN.length();
				to = text.indexOf(CDATA_CLOSE, from);
				if (to < 0 || !content(text, from, to, true)) {
					return null;
				}
				next = to + CDATA_CLOSE.length();
			}
			else {
				to = text.indexOf('<', from);
				if (to < 0 || !content(text, from, to, false)) {
					return null;
				}
				next = to;
			}
			// the end tag: "</" name ">"
			int nameLength = nameEnd - nameStart;
			if (!text.startsWith("</", next) || !text.regionMatches(next + 2, text, nameStart, nameLength)
					|| next + 2 + nameLength >= length || text.charAt(next + 2 + nameLength) != '>') {
				return null;
			}
			try {
				fields.add(text.substring(nameStart, nameEnd), text.substring(from, to));
			}
			catch (MalformedPushException ex) {
				return null;
			}
			at = next + 3 + nameLength;
		}
		if (fields.isEmpty() || !text.startsWith(ROOT_CLOSE, at)
				|| skipWhitespace(text, at + ROOT_CLOSE.length()) != length) {
			return null;
		}
		return fields;
	}

	/** The end of a name starting at {@code from}, or -1 if there is none. */
	private static int name(String text, int from) {
		int i = from;
		int end = Math.min(text.length(), from + MessageFields.MAX_NAME_LENGTH + 1);
		while (i < end) {
			char c = text.charAt(i);
			boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
			boolean other = c >= '0' && c <= '9' || c == '.' || c == '-';
			if (!(letter || (other && i > from))) {
				break;
			}
			i++;
		}
		return (i > from && i - from <= MessageFields.MAX_NAME_LENGTH) ? i : -1;
	}

	/**
	 * Whether {@code [from, to)} holds only characters XML allows (no carriage return,
	 * which a parser would normalise), and outside CDATA no markup or reference.
	 */
	private static boolean content(String text, int from, int to, boolean cdata) {
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0xD800) {
				if (!cdata && (c == '&' || c == ']')) {
					return false;
				}
			}
			else if (c == '\t' || c == '\n' || (c >= 0xE000 && c <= 0xFFFD)) {
				continue;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else {
				return false;
			}
		}
		return true;
	}

	private static int skipWhitespace(String text, int from) {
		int i = from;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				break;
			}
			i++;
		}
		return i;
	}

}
