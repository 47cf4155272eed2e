package io.saoma.receiver.parse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class JsonMessageReaderTests {

	@Test
	void shouldReadTheDecryptedMessageOfTv3() throws MalformedPushException {
		assertThat(read(
				"{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\",\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}"))
			.containsExactly(entry("ToUserName", "gh_97417a04a28d"),
					entry("FromUserName", "o9AgO5Kd5ggOC-bXrbNODIiE3bGY"), entry("CreateTime", "1714112445"),
					entry("MsgType", "event"), entry("Event", "debug_demo"), entry("debug_str", "hello world"));
	}

	@Test
	void shouldFlattenNestedObjectsAndArraysLikeXml() throws MalformedPushException {
		assertThat(read(
				"{\"SendPicsInfo\":{\"Count\":2,\"PicList\":[{\"PicMd5Sum\":\"aaa\"},{\"PicMd5Sum\":\"bbb\"}]},\"Flag\":true,\"Gone\":null}"))
			.containsExactly(entry("SendPicsInfo.Count", "2"), entry("SendPicsInfo.PicList.PicMd5Sum", "aaa"),
					entry("SendPicsInfo.PicList.PicMd5Sum[2]", "bbb"), entry("Flag", "true"));
	}

	@Test
	void shouldReadFromAnOffsetInBytes() throws MalformedPushException {
		byte[] body = "  \n{\"ToUserName\":\"gh_1\",\"Encrypt\":\"abc+/=\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(JsonMessageReader.read(body, 3, body.length - 3).asMap())
			.containsExactly(entry("ToUserName", "gh_1"), entry("Encrypt", "abc+/="));
	}

	@Test
	void shouldRejectAnythingButOneObject() {
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> JsonMessageReader.read("[1]"))
			.withMessage("JSON message must be an object");
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> JsonMessageReader.read("{\"a\":1}{\"b\":2}"))
			.withMessage("unexpected content after the JSON object");
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> JsonMessageReader.read("{}"))
			.withMessage("JSON has no fields");
	}

	@Test
	void shouldRejectMalformedJsonWithItsPosition() {
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> JsonMessageReader.read("{\"ToUserName\": gh_1}"))
			.withMessageStartingWith("malformed JSON at line 1, column");
		assertThatExceptionOfType(MalformedPushException.class)
			.isThrownBy(() -> JsonMessageReader.read("{\"a\":\"unterminated"))
			.withMessageStartingWith("malformed JSON");
	}

	@Test
	void shouldRejectExcessiveNesting() {
		String deep = "{\"a\":".repeat(12) + "1" + "}".repeat(12);
		assertThatExceptionOfType(MalformedPushException.class).isThrownBy(() -> JsonMessageReader.read(deep))
			.withMessageStartingWith("malformed JSON");
	}

	private static Map<String, String> read(String json) throws MalformedPushException {
		return JsonMessageReader.read(json).asMap();
	}

}
