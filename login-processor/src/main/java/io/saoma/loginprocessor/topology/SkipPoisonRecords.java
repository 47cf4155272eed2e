package io.saoma.loginprocessor.topology;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login processor's {@code processing.exception.handler}: a record whose processing
 * throws is skipped (logged at ERROR with where it was read and counted in
 * {@code login.poison} by processor) instead of failing the stream thread, which would be
 * replaced and retry the same record forever while the partition's logins stop. Kafka
 * Streams 4.1's handler can only answer {@code CONTINUE} or {@code FAIL} (a dead-letter
 * queue from the handler is KIP-1034, Kafka Streams 4.2), so the record is not kept
 * anywhere but in its source topic at the logged offset. What the failing {@code process}
 * call did before it threw (state changes, records forwarded) is committed with the rest
 * of the transaction; the matcher therefore checks its input before it changes anything.
 */
public class SkipPoisonRecords implements ProcessingExceptionHandler {

	/**
	 * The config key under which a {@link MeterRegistry} object is passed in the Streams
	 * configuration.
	 */
	public static final String METER_REGISTRY_CONFIG = "saoma.meter-registry";

	private static final Logger logger = LoggerFactory.getLogger(SkipPoisonRecords.class);

	private MeterRegistry registry = Metrics.globalRegistry;

	/**
	 * Adds this handler and the registry it counts in to a Streams configuration.
	 * @param config the configuration to change
	 * @param registry where {@code login.poison} is counted
	 */
	public static void register(Map<Object, Object> config, MeterRegistry registry) {
		config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SkipPoisonRecords.class.getName());
		config.put(METER_REGISTRY_CONFIG, registry);
	}

	@Override
	public void configure(Map<String, ?> configs) {
		if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry meterRegistry) {
			this.registry = meterRegistry;
		}
	}

	@Override
	public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
		this.registry.counter("login.poison", "processor", context.processorNodeId()).increment();
		logger.error(
				"Skipped a record that processor '{}' of task {} failed on ({}-{}@{}); it stays in its source "
						+ "topic at that offset",
				context.processorNodeId(), context.taskId(), context.topic(), context.partition(), context.offset(),
				exception);
		return ProcessingHandlerResponse.CONTINUE;
	}

}
