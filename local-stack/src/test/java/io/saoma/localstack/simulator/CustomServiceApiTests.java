package io.saoma.localstack.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.saoma.localstack.DemoAccount;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's {@code message/custom/send} answers as WeChat does, and what it accepts
 * is what the page's phone shows.
 */
class CustomServiceApiTests {

	private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");

	private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

	private final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return CustomServiceApiTests.this.now.get();
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	};

	private final WechatPlatform platform = new WechatPlatform(this.clock);

	private final ChatInbox inbox = new ChatInbox(this.clock);

	private final WebTestClient client = WebTestClient
		.bindToRouterFunction(RouterFunctions.route()
			.POST("/cgi-bin/message/custom/send", new CustomServiceApi(this.platform, this.inbox)::send)
			.GET("/sim/api/chat", this.inbox::chat)
			.build())
		.build();

	@Test
	void shouldDeliverATextToAUserWhoInteractedAndShowItInTheChat() {
		String token = this.platform.stableToken(DemoAccount.APP_ID, DemoAccount.APP_SECRET);
		this.inbox.interacted("o-user");

		send(token, "{\"touser\":\"o-user\",\"msgtype\":\"text\",\"text\":{\"content\":\"你已登录\"}}")
			.isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");

		this.client.get()
			.uri("/sim/api/chat?openId=o-user")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.messages[0].kind")
			.isEqualTo("customer-service")
			.jsonPath("$.messages[0].text")
			.isEqualTo("你已登录");
	}

	@Test
	void shouldRefuseAnInvalidToken() {
		this.inbox.interacted("o-user");

		send("not-a-token", "{\"touser\":\"o-user\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")
			.contains("\"errcode\":40001");
		assertThat(this.inbox.messages("o-user")).isEmpty();
	}

	@Test
	void shouldRefuseAUserWhoHasNotInteractedIn48Hours() {
		this.inbox.interacted("o-old");
		this.now.set(NOW.plus(Duration.ofHours(48)).plusSeconds(1));
		String fresh = this.platform.token(DemoAccount.APP_ID, DemoAccount.APP_SECRET);

		send(fresh, "{\"touser\":\"o-old\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")
			.contains("\"errcode\":45015");
		send(fresh, "{\"touser\":\"o-never\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")
			.contains("\"errcode\":45015");
		assertThat(this.inbox.messages("o-old")).isEmpty();
	}

	@Test
	void shouldAnswerAMissingOpenIdWith400() {
		this.client.get().uri("/sim/api/chat").exchange().expectStatus().isBadRequest();
	}

	private org.assertj.core.api.AbstractStringAssert<?> send(String token, String body) {
		String answer = this.client.post()
			.uri("/cgi-bin/message/custom/send?access_token={token}", token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return assertThat(answer);
	}

}
