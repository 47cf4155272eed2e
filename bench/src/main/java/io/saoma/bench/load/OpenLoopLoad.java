package io.saoma.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends pushes at a fixed rate over a bounded pool of HTTP/1.1 keep-alive connections
 * (Reactor Netty), each at its intended time whatever the answers before it, and records
 * each answer's latency from that intended time.
 */
public final class OpenLoopLoad implements AutoCloseable {

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final Duration DRAIN = Duration.ofSeconds(20);

	private final ConnectionProvider pool;

	private final HttpClient client;

	private final String path;

	private final PushFactory pushes;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * A generator against one URL.
	 * @param baseUrl {@code http://127.0.0.1:port}
	 * @param path the push path, {@code /wechat/demo}
	 * @param connections the pool's bound
	 * @param pushes builds the pushes
	 */
	public OpenLoopLoad(String baseUrl, String path, int connections, PushFactory pushes) {
		this.pool = ConnectionProvider.builder("bench-load")
			.maxConnections(connections)
			// bounded, so a target far behind its rate turns the excess into errors (the
			// pool refuses
			// them) instead of filling the generator's heap, which the in-process broker
			// shares
			.pendingAcquireMaxCount(Integer.getInteger("bench.max-pending", 10_000))
			.pendingAcquireTimeout(Duration.ofSeconds(15))
			.build();
		this.client = HttpClient.create(this.pool)
			.baseUrl(baseUrl)
			.keepAlive(true)
			.responseTimeout(Duration.ofSeconds(15))
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8"));
		this.path = path;
		this.pushes = pushes;
	}

	/**
	 * Runs at a fixed rate for a while and returns the figures (the caller runs a warm-up
	 * the same way and discards it).
	 * @param rate requests per second
	 * @param seconds how long to send
	 * @param heapUsedMb samples the receiver's heap (-1: unknown), about once a second
	 * @return the figures
	 * @throws InterruptedException if interrupted
	 */
	public StepResult run(double rate, double seconds, DoubleSupplier heapUsedMb) throws InterruptedException {
		OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), rate);
		long total = schedule.requests(seconds);
		Histogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong lastCompletion = new AtomicLong(schedule.startNanos());
		CountDownLatch done = new CountDownLatch((int) total);
		double heap = -1;
		long nextHeapSample = schedule.startNanos();
		for (long i = 0; i < total; i++) {
			long intended = schedule.intendedNanos(i);
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			if (intended >= nextHeapSample) {
				// on this thread, between sends: a sample costs ~1 ms once a second
				nextHeapSample = intended + TimeUnit.SECONDS.toNanos(1);
				heap = Math.max(heap, heapUsedMb.getAsDouble());
			}
			long index = i;
			PushFactory.Push push = this.pushes.build(this.sequence.getAndIncrement(),
					System.currentTimeMillis() / 1000);
			this.client.post()
				.uri(this.path + "?" + push.query())
				.send(ByteBufFlux
					.fromString(Mono.just(new String(push.body(), java.nio.charset.StandardCharsets.UTF_8))))
				.responseSingle((response, body) -> body.asString()
					.defaultIfEmpty("")
					.map((text) -> response.status().code() == 200 && "success".equals(text)))
				.subscribe((success) -> {
					long now = System.nanoTime();
					if (success) {
						histogram.recordValue(Math.min(HIGHEST_NANOS, schedule.latencyNanos(index, now)));
						ok.incrementAndGet();
					}
					else {
						errors.incrementAndGet();
					}
					lastCompletion.accumulateAndGet(now, Math::max);
					done.countDown();
				}, (error) -> {
					errors.incrementAndGet();
					done.countDown();
				});
		}
		if (!done.await(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
			errors.addAndGet(done.getCount());
		}
		heap = Math.max(heap, heapUsedMb.getAsDouble());
		double elapsed = Math.max(1, lastCompletion.get() - schedule.startNanos()) / 1e9;
		return new StepResult(rate, ok.get() / elapsed, total, ok.get(), errors.get(),
				millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(99)),
				millis(histogram.getValueAtPercentile(99.9)), millis(histogram.getMaxValue()), heap);
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

}
