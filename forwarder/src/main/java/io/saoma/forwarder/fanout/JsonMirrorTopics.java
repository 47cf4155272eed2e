package io.saoma.forwarder.fanout;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.saoma.schemas.Topics;

/**
 * The JSON mirror topic of each fan-out topic ({@link Topics#jsonMirrorTopic}), looked up
 * once per record instead of built.
 */
final class JsonMirrorTopics {

	private static final Map<String, String> BY_FANOUT_TOPIC = Topics.fanoutTopics()
		.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), Topics::jsonMirrorTopic));

	private JsonMirrorTopics() {
	}

	static String of(String fanoutTopic) {
		String topic = BY_FANOUT_TOPIC.get(fanoutTopic);
		if (topic == null) {
			throw new IllegalArgumentException("Not a fan-out topic: " + fanoutTopic);
		}
		return topic;
	}

}
