package io.saoma.receiver.publish;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import io.saoma.common.AcknowledgedSends;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AcknowledgedSends#bounded bounded} sends, the receiver's send path: the executor
 * is run by hand, the producer completes when the test says so.
 */
class BoundedSendsTests {

	private final MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(),
			new StringSerializer());

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final Executor executor = this.tasks::add;

	private final KafkaTemplate<String, String> template = new KafkaTemplate<>(
			new MockProducerFactory<>(() -> this.producer));

	@Test
	void shouldFailAtOnceWithoutSendingWhenAsManyWritesAsAllowedArePending() {
		AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMinutes(1),
				this.executor, 2);
		Disposable first = sends.send("t", "k", "1").subscribe();
		Disposable second = sends.send("t", "k", "2").subscribe();
		assertThatExceptionOfType(AcknowledgedSends.Saturated.class)
			.isThrownBy(() -> sends.send("t", "k", "3").block());
		assertThat(sends.pending()).isEqualTo(2);
		runTasks();
		assertThat(this.producer.history()).extracting((record) -> record.value()).containsExactly("1", "2");
		assertThat(sends.pending()).isEqualTo(2);
		this.producer.completeNext();
		assertThat(sends.pending()).isEqualTo(1);
		assertThat(sends.send("t", "k", "4").subscribe()).isNotNull();
		assertThat(sends.pending()).isEqualTo(2);
		first.dispose();
		second.dispose();
	}

	@Test
	void shouldNeverSendAWriteWhoseCallerStoppedWaitingBeforeItWasHandedToTheProducer() {
		AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMinutes(1),
				this.executor, 2);
		Disposable cancelled = sends.send("t", "k", "cancelled").subscribe();
		cancelled.dispose();
		runTasks();
		assertThat(this.producer.history()).isEmpty();
		assertThat(sends.pending()).isZero();
	}

	@Test
	void shouldNeverSendAWriteThatTimedOutBeforeItWasHandedToTheProducer() {
		AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMillis(1),
				this.executor, 2);
		Throwable failure = sends.send("t", "k", "late")
			.then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block();
		assertThat(failure).isInstanceOf(TimeoutException.class);
		assertThat(AcknowledgedSends.isTimeout(failure)).isTrue();
		runTasks();
		assertThat(this.producer.history()).isEmpty();
		assertThat(sends.pending()).isZero();
	}

	@Test
	void shouldKeepAWriteHandedToTheProducerPendingUntilTheProducerIsDoneWithIt() {
		AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMinutes(1),
				this.executor, 1);
		Mono<SendResult<String, String>> result = sends.send("t", "k", "v").cache();
		result.subscribe();
		runTasks();
		assertThat(this.producer.history()).hasSize(1);
		assertThat(sends.pending()).isOne();
		this.producer.errorNext(new IllegalStateException("refused"));
		assertThat(sends.pending()).isZero();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(result::block)
			.withRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void shouldCountAWriteThatFailsAfterItsCallerStoppedWaitingInsteadOfReportingItToReactor() {
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMinutes(1),
					this.executor, 1);
			Disposable answered = sends.send("t", "k", "v").subscribe((result) -> {
			}, (error) -> {
			});
			runTasks();
			answered.dispose();
			this.producer.errorNext(new IllegalStateException("refused after the push was answered"));
			assertThat(dropped).isEmpty();
			assertThat(sends.failedUnwatched()).isOne();
			assertThat(sends.pending()).isZero();
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void shouldFailAsSaturatedAndFreeItsPlaceWhenTheExecutorRefuses() {
		AcknowledgedSends<String, String> sends = AcknowledgedSends.bounded(this.template, Duration.ofMinutes(1),
				(task) -> {
					throw new RejectedExecutionException("full");
				}, 1);
		assertThatExceptionOfType(AcknowledgedSends.Saturated.class)
			.isThrownBy(() -> sends.send("t", "k", "v").block());
		assertThat(sends.pending()).isZero();
		assertThat(this.producer.history()).isEmpty();
	}

	private void runTasks() {
		for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
			task.run();
		}
	}

}
