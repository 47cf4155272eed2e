package io.saoma.forwarder.fanout;

import java.time.Duration;

import io.saoma.common.streams.DeadLetter;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.common.streams.DeadLetters;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each record only to learn its MsgType, Event and de-duplication id, drops a
 * repeat of a push published within the window ({@link SeenPushes}), then forwards the
 * value it read, as {@link Routed} to the topic of that type: the record is never encoded
 * again, so one written with an older schema keeps its bytes. With the JSON mirror on, it
 * also forwards the push as JSON ({@link WechatEventJson}), as {@link Mirrored} to the
 * JSON topic of that type: both leave in the same transaction, and a repeat is dropped
 * from both. A record it cannot decode becomes a {@link DeadLetter} with
 * {@link DeadLetterHeaders}, and the stream goes on.
 */
final class FanoutRouter implements FixedKeyProcessor<byte[], byte[], Object> {

	private static final Logger logger = LoggerFactory.getLogger(FanoutRouter.class);

	private final FanoutMetrics metrics;

	private final Duration dedupWindow;

	private final boolean jsonMirror;

	private FixedKeyProcessorContext<byte[], Object> context;

	private SeenPushes seen;

	FanoutRouter(FanoutMetrics metrics, Duration dedupWindow, boolean jsonMirror) {
		this.metrics = metrics;
		this.dedupWindow = dedupWindow;
		this.jsonMirror = jsonMirror;
	}

	@Override
	public void init(FixedKeyProcessorContext<byte[], Object> context) {
		this.context = context;
		this.seen = new SeenPushes(context.getStateStore(SeenPushes.STORE), this.dedupWindow);
	}

	@Override
	public void process(FixedKeyRecord<byte[], byte[]> record) {
		WechatEvent event;
		try {
			event = decode(record.value());
		}
		catch (SerializationException ex) {
			deadLetter(record, ex);
			return;
		}
		String topic = Topics.fanoutTopic(event.getMsgType(), event.getEvent());
		if (!this.seen.firstSighting(DedupIds.of(event), record.timestamp())) {
			logger.debug("Dropped a repeated delivery {} of a push published before (account {})", event.getEventId(),
					event.getAccount());
			this.metrics.duplicate(topic);
			return;
		}
		this.metrics.routed(topic);
		this.context.forward(record.withValue(new Routed(topic, record.value())));
		if (this.jsonMirror) {
			mirror(record, event, topic);
		}
	}

	private void mirror(FixedKeyRecord<byte[], byte[]> record, WechatEvent event, String topic) {
		String jsonTopic = JsonMirrorTopics.of(topic);
		this.metrics.mirrored(jsonTopic);
		this.context.forward(record.withValue(new Mirrored(jsonTopic, WechatEventJson.encode(event))));
	}

	private static WechatEvent decode(byte[] value) {
		if (value == null) {
			throw new SerializationException("A record without a value (tombstone) has no MsgType");
		}
		return AvroSerdes.wechatEvent().decode(value);
	}

	private void deadLetter(FixedKeyRecord<byte[], byte[]> record, SerializationException ex) {
		this.metrics.routed(Topics.Names.FORWARDER_DLT);
		this.context.forward(DeadLetters.giveUp("an undecodable record", record, this.context.recordMetadata(), ex));
	}

}
