package io.saoma.receiver.parse;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class XmlMessageReaderTests {

	@Test
	void shouldReadCdataAndPlainTextFieldsInDocumentOrder() throws MalformedPushException {
		MessageFields fields = read("""
				<xml>
				<ToUserName><![CDATA[toUser]]></ToUserName>
				<FromUserName>FromUser</FromUserName>
				<CreateTime>123456789</CreateTime>
				<Content><![CDATA[  spaces kept, <b>markup</b> & "quotes" ]]></Content>
				</xml>""");
		assertThat(fields.asMap()).containsExactly(entry("ToUserName", "toUser"), entry("FromUserName", "FromUser"),
				entry("CreateTime", "123456789"), entry("Content", "  spaces kept, <b>markup</b> & \"quotes\" "));
	}

	@Test
	void shouldReadPredefinedEntitiesAndCharacterReferences() throws MalformedPushException {
		assertThat(read("<xml><Content>a &amp; b &lt;c&gt; &#20320;&#x597D;</Content></xml>").get("Content"))
			.isEqualTo("a & b <c> 你好");
	}

	@Test
	void shouldKeyNestedElementsByPathAndRepeatedOnesBySuffix() throws MalformedPushException {
		MessageFields fields = read(
				"""
						<xml><Event><![CDATA[pic_photo_or_album]]></Event>
						<SendPicsInfo><Count>2</Count>
						<PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList>
						</SendPicsInfo></xml>""");
		assertThat(fields.asMap()).containsExactly(entry("Event", "pic_photo_or_album"),
				entry("SendPicsInfo.Count", "2"), entry("SendPicsInfo.PicList.item.PicMd5Sum", "aaa"),
				entry("SendPicsInfo.PicList.item.PicMd5Sum[2]", "bbb"));
	}

	@Test
	void shouldKeepEmptyElementsAsEmptyStrings() throws MalformedPushException {
		assertThat(read("<xml><Event>subscribe</Event><EventKey><![CDATA[]]></EventKey><Ticket/></xml>").asMap())
			.containsExactly(entry("Event", "subscribe"), entry("EventKey", ""), entry("Ticket", ""));
	}

	@Test
	void shouldRejectExternalEntityDoctype() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<xml><Content>&xxe;</Content></xml>""";
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read(xxe))
			.withMessage("DOCTYPE is not allowed");
	}

	@Test
	void shouldRejectEntityExpansionDoctype() {
		String laughs = """
				<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
				<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Content>&c;</Content></xml>""";
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read(laughs))
			.withMessage("DOCTYPE is not allowed");
	}

	@Test
	void shouldRejectExternalDtdReference() {
		String external = "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml><A>1</A></xml>";
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read(external))
			.withMessage("DOCTYPE is not allowed");
	}

	@Test
	void shouldRejectUndeclaredEntities() {
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> read("<xml><Content>&nbsp;</Content></xml>"))
			.withMessageStartingWith("malformed XML at line 1");
	}

	@Test
	void shouldRejectMalformedXmlWithItsPosition() {
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> read("<xml><ToUserName>a</FromUserName></xml>"))
			.withMessageStartingWith("malformed XML at line 1, column");
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read("<xml><A>1</A>"))
			.withMessageStartingWith("malformed XML");
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read("<xml><A>1</A></xml><xml/>"))
			.withMessageStartingWith("malformed XML");
	}

	@Test
	void shouldRejectXmlWithoutFields() {
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read("<xml></xml>"))
			.withMessage("XML has no fields");
	}

	@Test
	void shouldRejectExcessiveNesting() {
		String deep = "<xml>" + "<a>".repeat(10) + "x" + "</a>".repeat(10) + "</xml>";
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> read(deep))
			.withMessage("XML is nested deeper than 7 levels");
	}

	@Test
	void shouldReadFromTextAsFromBytes() throws MalformedPushException {
		String xml = "<xml><Content><![CDATA[中文]]></Content></xml>";
		assertThat(XmlMessageReader.read(new StringReader(xml)).asMap()).isEqualTo(read(xml).asMap())
			.containsExactly(entry("Content", "中文"));
	}

	private static MessageFields read(String xml) throws MalformedPushException {
		return XmlMessageReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

}
