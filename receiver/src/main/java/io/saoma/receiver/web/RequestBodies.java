package io.saoma.receiver.web;

import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushRejectedException;
import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a request body into memory up to a limit: a declared {@code Content-Length} over
 * the limit is refused before reading, a chunked body as soon as it passes the limit. A
 * body that stalls for longer than the read timeout (before its first bytes or between
 * two reads) fails with a {@link BodyTimeoutException}.
 */
public class RequestBodies {

	private static final byte[] EMPTY = new byte[0];

	private final int maxBytes;

	private final Duration readTimeout;

	public RequestBodies(int maxBytes) {
		this(maxBytes, Duration.ofSeconds(3));
	}

	/**
	 * Creates the reader.
	 * @param maxBytes the largest accepted body
	 * @param readTimeout the longest silence while reading it
	 */
	public RequestBodies(int maxBytes, Duration readTimeout) {
		this.maxBytes = maxBytes;
		this.readTimeout = readTimeout;
	}

	/**
	 * Reads the body.
	 * @param request the request
	 * @return the bytes; fails with
	 * {@link org.springframework.core.io.buffer.DataBufferLimitException} or a
	 * {@link PushRejectedException} of {@link Outcome#TOO_LARGE} when over the limit
	 */
	public Mono<byte[]> read(ServerRequest request) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > this.maxBytes) {
			return Mono
				.error(new PushRejectedException(Outcome.TOO_LARGE, "body is larger than " + this.maxBytes + " bytes"));
		}
		Flux<DataBuffer> buffers = request.body(BodyExtractors.toDataBuffers())
			.timeout(this.readTimeout, Flux.error(() -> new BodyTimeoutException(this.readTimeout)));
		return DataBufferUtils.join(buffers, this.maxBytes).map(RequestBodies::toBytes).defaultIfEmpty(EMPTY);
	}

	/**
	 * The limit.
	 * @return the largest accepted body in bytes
	 */
	public int maxBytes() {
		return this.maxBytes;
	}

	/**
	 * A request body stalled for longer than the read timeout.
	 */
	public static final class BodyTimeoutException extends RuntimeException {

		BodyTimeoutException(Duration readTimeout) {
			super("no body bytes for " + readTimeout.toMillis() + "ms", null, false, false);
		}

	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
