package io.saoma.receiver.web;

import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushRejectedException;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a request body into memory up to a limit: a declared {@code Content-Length} over the limit is refused before
 * reading, a chunked body as soon as it passes the limit.
 */
public class RequestBodies {

	private static final byte[] EMPTY = new byte[0];

	private final int maxBytes;

	public RequestBodies(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Reads the body.
	 * @param request the request
	 * @return the bytes; fails with {@link org.springframework.core.io.buffer.DataBufferLimitException} or a
	 * {@link PushRejectedException} of {@link Outcome#TOO_LARGE} when over the limit
	 */
	public Mono<byte[]> read(ServerRequest request) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > this.maxBytes) {
			return Mono.error(new PushRejectedException(Outcome.TOO_LARGE,
					"body is larger than " + this.maxBytes + " bytes"));
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxBytes)
			.map(RequestBodies::toBytes)
			.defaultIfEmpty(EMPTY);
	}

	/**
	 * The limit.
	 * @return the largest accepted body in bytes
	 */
	public int maxBytes() {
		return this.maxBytes;
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
