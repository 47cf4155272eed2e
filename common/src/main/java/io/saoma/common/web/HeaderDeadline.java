package io.saoma.common.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A deadline for receiving a request's line and headers, against clients that trickle
 * them byte by byte (a "slowloris"): an idle timeout restarts on every byte, and
 * reactor-netty's read and request timeouts start only once the headers are decoded, so
 * without this such a client holds its connection for as long as it keeps trickling.
 * <p>
 * The deadline runs from the moment the connection is set up and, on a keep-alive
 * connection, from the first byte of the next request after the previous response was
 * written (an idle keep-alive connection without any byte of a new request stays governed
 * by the server's idle timeout). It stops once the request's line and headers are
 * decoded. A connection that misses it is answered {@code 408} with
 * {@code Connection: close} if some of the request arrived, and closed, or just closed if
 * nothing arrived at all.
 * <p>
 * It is two handlers around the server's {@link HttpServerCodec}: one before it that
 * notices raw bytes, one after it that sees decoded requests and the responses written.
 * All state is touched on the channel's event loop only.
 */
public final class HeaderDeadline {

	/** The name of the handler after the HTTP codec. */
	public static final String NAME = "saoma.headerDeadline";

	/** The name of the handler before the HTTP codec. */
	public static final String BYTES_NAME = "saoma.headerDeadline.bytes";

	private final long timeoutNanos;

	private final Consumer<Outcome> onTimeout;

	private ChannelHandlerContext ctx;

	private ScheduledFuture<?> timer;

	/** Requests decoded whose response is not completely written yet. */
	private int inFlight;

	/**
	 * Bytes arrived since the last decoded HTTP object: a request may be partly received.
	 */
	private boolean partial;

	/** Nothing in flight after a response: the deadline starts at the next byte. */
	private boolean awaitingFirstByte;

	private boolean expired;

	private HeaderDeadline(Duration timeout, Consumer<Outcome> onTimeout) {
		this.timeoutNanos = timeout.toNanos();
		this.onTimeout = onTimeout;
	}

	/**
	 * Adds the deadline around the channel's {@link HttpServerCodec}; does nothing if the
	 * pipeline has none (for example an HTTP/2 connection).
	 * @param channel a server's child channel, its pipeline already holding the HTTP
	 * codec
	 * @param timeout the longest a request's line and headers may take to arrive
	 * @param onTimeout told, on the event loop, of every connection closed for missing
	 * the deadline
	 * @return whether the deadline was added
	 */
	public static boolean install(Channel channel, Duration timeout, Consumer<Outcome> onTimeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive: " + timeout);
		}
		ChannelPipeline pipeline = channel.pipeline();
		ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
		if (codec == null) {
			return false;
		}
		HeaderDeadline deadline = new HeaderDeadline(timeout, onTimeout);
		pipeline.addBefore(codec.name(), BYTES_NAME, deadline.new Bytes());
		pipeline.addAfter(codec.name(), NAME, deadline.new Requests());
		return true;
	}

	private void arm() {
		cancel();
		if (this.ctx != null && !this.expired && this.ctx.channel().isActive()) {
			this.timer = this.ctx.executor().schedule(this::expire, this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void cancel() {
		if (this.timer != null) {
			this.timer.cancel(false);
			this.timer = null;
		}
	}

	private void expire() {
		this.timer = null;
		if (this.expired || this.inFlight > 0 || !this.ctx.channel().isActive()) {
			return;
		}
		this.expired = true;
		this.ctx.channel().config().setAutoRead(false);
		Outcome outcome = this.partial ? Outcome.ANSWERED_408 : Outcome.CLOSED;
		if (this.partial) {
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.REQUEST_TIMEOUT);
			response.headers()
				.set(HttpHeaderNames.CONTENT_LENGTH, 0)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			// Written to the socket at once if it can be; a client that does not read is
			// not waited for.
			this.ctx.writeAndFlush(response);
		}
		this.ctx.close();
		this.onTimeout.accept(outcome);
	}

	/** How a connection that missed the deadline was ended. */
	public enum Outcome {

		/** Part of a request had arrived: it was answered {@code 408} and closed. */
		ANSWERED_408,

		/** Nothing of a request had arrived: it was closed. */
		CLOSED

	}

	/** Before the codec: notices that bytes arrived. */
	private final class Bytes extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
				HeaderDeadline.this.partial = true;
				if (HeaderDeadline.this.awaitingFirstByte) {
					HeaderDeadline.this.awaitingFirstByte = false;
					arm();
				}
			}
			ctx.fireChannelRead(msg);
		}

	}

	/**
	 * After the codec: stops the deadline at a decoded request, restarts it once its
	 * response is written.
	 */
	private final class Requests extends ChannelDuplexHandler {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			HeaderDeadline.this.ctx = ctx;
			arm();
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			cancel();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			cancel();
			ctx.fireChannelInactive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				HeaderDeadline.this.inFlight++;
				HeaderDeadline.this.awaitingFirstByte = false;
				cancel();
			}
			if (msg instanceof HttpRequest || msg instanceof HttpContent) {
				HeaderDeadline.this.partial = false;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof LastHttpContent && !isInformational(msg)) {
				ChannelPromise unvoided = promise.unvoid();
				unvoided.addListener((future) -> responseWritten());
				ctx.write(msg, unvoided);
				return;
			}
			ctx.write(msg, promise);
		}

		private static boolean isInformational(Object msg) {
			return msg instanceof HttpResponse response
					&& response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
		}

		private void responseWritten() {
			if (HeaderDeadline.this.inFlight > 0) {
				HeaderDeadline.this.inFlight--;
			}
			if (HeaderDeadline.this.inFlight > 0) {
				return;
			}
			if (HeaderDeadline.this.partial) {
				arm();
			}
			else {
				HeaderDeadline.this.awaitingFirstByte = true;
			}
		}

	}

}
