package io.saoma.common.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header deadline on an {@link EmbeddedChannel} whose clock only moves when the test
 * moves it.
 */
class HeaderDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final List<HeaderDeadline.Outcome> outcomes = new ArrayList<>();

	private EmbeddedChannel channel;

	@BeforeEach
	void channel() {
		this.channel = new EmbeddedChannel();
		this.channel.freezeTime();
		this.channel.pipeline().addLast("codec", new HttpServerCodec());
		assertThat(HeaderDeadline.install(this.channel, TIMEOUT, this.outcomes::add)).isTrue();
	}

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void shouldAnswer408AndCloseARequestWhoseHeadersAreNotCompleteInTime() {
		for (char c : "POST /wechat/main?".toCharArray()) {
			send(String.valueOf(c));
			advance(100);
		}
		advance(TIMEOUT.toMillis() - 1 - 100 * "POST /wechat/main?".length());
		assertThat(this.channel.isOpen()).isTrue();
		advance(1);
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close");
		assertThat(this.outcomes).containsExactly(HeaderDeadline.Outcome.ANSWERED_408);
	}

	@Test
	void shouldCloseAConnectionThatSendsNothingWithoutAnAnswer() {
		advance(TIMEOUT.toMillis());
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(written()).isEmpty();
		assertThat(this.outcomes).containsExactly(HeaderDeadline.Outcome.CLOSED);
	}

	@Test
	void shouldNotCloseWhenTheRequestsHeadersArriveInTime() {
		advance(TIMEOUT.toMillis() - 1);
		send("POST /wechat/main HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		advance(TIMEOUT.toMillis() * 10);
		assertThat(this.channel.isOpen()).isTrue();
		assertThat(this.outcomes).isEmpty();
	}

	@Test
	void shouldRestartTheDeadlineAtTheNextRequestsFirstByteAfterTheResponseOnAKeepAliveConnection() {
		send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		respond();
		assertThat(written()).startsWith("HTTP/1.1 200 OK");
		advance(TIMEOUT.toMillis() * 10);
		assertThat(this.channel.isOpen()).as("idle keep-alive is the idle timeout's business").isTrue();
		send("G");
		advance(TIMEOUT.toMillis() - 1);
		assertThat(this.channel.isOpen()).isTrue();
		send("E");
		advance(1);
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(written()).startsWith("HTTP/1.1 408");
		assertThat(this.outcomes).containsExactly(HeaderDeadline.Outcome.ANSWERED_408);
	}

	@Test
	void shouldServeASecondRequestOnAKeepAliveConnectionInTime() {
		send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		respond();
		send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		advance(TIMEOUT.toMillis() * 10);
		assertThat(this.channel.isOpen()).isTrue();
		assertThat(this.outcomes).isEmpty();
	}

	@Test
	void shouldNotRunWhileAResponseIsPendingEvenIfTheNextRequestStartedEarly() {
		send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		send("GET /b HT");
		advance(TIMEOUT.toMillis() * 10);
		assertThat(this.channel.isOpen()).as("the first request is still being answered").isTrue();
		respond();
		advance(TIMEOUT.toMillis() - 1);
		assertThat(this.channel.isOpen()).isTrue();
		advance(1);
		assertThat(this.channel.isOpen()).as("the partly received second request has its deadline").isFalse();
		assertThat(this.outcomes).containsExactly(HeaderDeadline.Outcome.ANSWERED_408);
	}

	@Test
	void shouldNotCountAnInterimResponseAsTheAnswer() {
		send("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
		assertThat(readRequest()).isNotNull();
		this.channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
		advance(TIMEOUT.toMillis() * 10);
		assertThat(this.channel.isOpen()).isTrue();
		assertThat(this.outcomes).isEmpty();
	}

	private void send(String text) {
		this.channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
	}

	private void advance(long millis) {
		this.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		this.channel.runPendingTasks();
	}

	private HttpRequest readRequest() {
		HttpRequest request = null;
		for (Object message = this.channel.readInbound(); message != null; message = this.channel.readInbound()) {
			if (message instanceof HttpRequest decoded) {
				request = decoded;
			}
			ReferenceCountUtil.release(message);
		}
		return request;
	}

	private void respond() {
		DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
		this.channel.writeOutbound(response);
	}

	private String written() {
		StringBuilder text = new StringBuilder();
		for (Object message = this.channel.readOutbound(); message != null; message = this.channel.readOutbound()) {
			ByteBuf buffer = (ByteBuf) message;
			text.append(buffer.toString(StandardCharsets.US_ASCII));
			buffer.release();
		}
		return text.toString();
	}

}
