package io.saoma.common.xml;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HardenedXmlTests {

	private final XMLInputFactory factory = HardenedXml.inputFactory();

	@Test
	void shouldReportADoctypeBeforeAnyElementSoThatReadersCanRefuseIt() throws XMLStreamException {
		XMLStreamReader reader = this.factory
			.createXMLStreamReader(new StringReader("<!DOCTYPE xml [<!ENTITY a \"b\">]><xml>x</xml>"));
		assertThat(reader.next()).isEqualTo(XMLStreamConstants.DTD);
	}

	@Test
	void shouldNeverReadAnExternalEntity(@TempDir Path dir) throws Exception {
		Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret");
		String xxe = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><xml><A>&xxe;</A></xml>";
		assertThat(textOf(xxe)).doesNotContain("the-secret");
	}

	@Test
	void shouldNeverExpandAnEntityDeclaredInTheDocument() throws Exception {
		String laughs = "<!DOCTYPE xml [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><A>&b;</A></xml>";
		assertThat(textOf(laughs)).doesNotContain("lol");
	}

	/**
	 * What a reader that went past the DOCTYPE would see as text, up to the first error.
	 */
	private String textOf(String xml) throws XMLStreamException {
		XMLStreamReader reader = this.factory.createXMLStreamReader(new StringReader(xml));
		StringBuilder text = new StringBuilder();
		assertThatExceptionOfType(XMLStreamException.class).isThrownBy(() -> {
			while (reader.hasNext()) {
				if (reader.next() == XMLStreamConstants.CHARACTERS) {
					text.append(reader.getText());
				}
			}
		});
		return text.toString();
	}

}
