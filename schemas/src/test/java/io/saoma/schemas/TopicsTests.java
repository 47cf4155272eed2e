package io.saoma.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTests {

	@Test
	void shouldFanEventsOutByTheirLowerCaseName() {
		assertThat(Topics.fanoutTopic("event", "subscribe")).isEqualTo("wechat.events.subscribe");
		assertThat(Topics.fanoutTopic("event", "SCAN")).isEqualTo("wechat.events.scan");
		assertThat(Topics.fanoutTopic("event", "TEMPLATESENDJOBFINISH"))
			.isEqualTo("wechat.events.templatesendjobfinish");
		assertThat(Topics.fanoutTopic("event", "LOCATION")).isEqualTo("wechat.events.location");
	}

	@Test
	void shouldFanMessagesOutByTheirMsgType() {
		assertThat(Topics.fanoutTopic("text", null)).isEqualTo("wechat.messages.text");
		assertThat(Topics.fanoutTopic("location", null)).isEqualTo("wechat.messages.location");
	}

	@Test
	void shouldSendUnknownTypesToOther() {
		assertThat(Topics.fanoutTopic("event", "view_miniprogram")).isEqualTo(Topics.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("event", null)).isEqualTo(Topics.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("miniprogrampage", null)).isEqualTo(Topics.EVENTS_OTHER);
		assertThat(Topics.fanoutTopic("Text", null)).isEqualTo(Topics.EVENTS_OTHER);
	}

	@Test
	void shouldListEveryFanoutTopicOnce() {
		assertThat(Topics.fanoutTopics()).hasSize(15)
			.doesNotHaveDuplicates()
			.contains(Topics.EVENTS_OTHER, "wechat.events.location", "wechat.messages.location");
	}

}
