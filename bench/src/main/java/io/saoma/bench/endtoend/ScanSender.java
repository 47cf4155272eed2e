package io.saoma.bench.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.saoma.bench.load.OpenLoopSchedule;
import io.saoma.bench.load.PushFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Sends each login's SCAN push through the receiver at its intended time
 * ({@link OpenLoopSchedule}, whatever the answers before it) over a bounded pool of
 * keep-alive connections, and notes the intended time on the login: latencies are
 * measured from it.
 */
final class ScanSender implements AutoCloseable {

	private final ConnectionProvider pool;

	private final HttpClient client;

	ScanSender(String receiverUrl, int connections) {
		this.pool = ConnectionProvider.builder("bench-scans")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(15))
			.build();
		this.client = HttpClient.create(this.pool)
			.baseUrl(receiverUrl)
			.keepAlive(true)
			.responseTimeout(Duration.ofSeconds(15))
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8"));
	}

	/**
	 * Sends the scans of a step and waits (at most 20 s after the last) for the answers.
	 * @param logins the step's logins, scanned in this order
	 * @param rate scans per second
	 * @return pushes not answered {@code success}
	 * @throws InterruptedException if interrupted
	 */
	long send(List<Login> logins, double rate) throws InterruptedException {
		OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), rate);
		AtomicLong errors = new AtomicLong();
		CountDownLatch done = new CountDownLatch(logins.size());
		for (int i = 0; i < logins.size(); i++) {
			long intended = schedule.intendedNanos(i);
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			Login login = logins.get(i);
			login.scanIntendedAt(intended);
			PushFactory.Push push = login.scan();
			this.client.post()
				.uri("/wechat/" + PushFactory.ACCOUNT + "?" + push.query())
				.send(ByteBufFlux
					.fromString(Mono.just(new String(push.body(), java.nio.charset.StandardCharsets.UTF_8))))
				.responseSingle((response, body) -> body.asString()
					.defaultIfEmpty("")
					.map((text) -> response.status().code() == 200 && "success".equals(text)))
				// a keep-alive connection the receiver closed as it was reused: sent
				// again at once,
				// as WeChat retries a push that got no answer (the latency still counts
				// from the
				// intended time)
				.retryWhen(Retry.max(2).filter(PrematureCloseException.class::isInstance))
				.subscribe((success) -> {
					if (success) {
						login.acknowledged();
					}
					else {
						errors.incrementAndGet();
					}
					done.countDown();
				}, (error) -> {
					errors.incrementAndGet();
					done.countDown();
				});
		}
		if (!done.await(20, TimeUnit.SECONDS)) {
			errors.addAndGet(done.getCount());
		}
		return errors.get();
	}

	@Override
	public void close() {
		this.pool.dispose();
	}

}
