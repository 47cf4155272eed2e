package io.saoma.loginprocessor.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.web.reactive.function.client.WebClient;

import static io.saoma.loginprocessor.wechat.FakeWechat.CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QrCodeClientArgumentTests {

	private FakeWechat wechat;

	private QrCodeClient client;

	@BeforeEach
	void startWechat() throws IOException {
		this.wechat = new FakeWechat();
		WechatApiProperties properties = this.wechat.properties();
		this.client = new QrCodeClient(new AccessTokenHolder(CREDENTIALS, WebClient.builder(), properties),
				WebClient.builder(), properties);
	}

	@AfterEach
	void stopWechat() {
		this.wechat.close();
	}

	static Stream<Arguments> outOfRange() {
		return Stream.of(Arguments.of(null, Duration.ofMinutes(5)), Arguments.of("", Duration.ofMinutes(5)),
				Arguments.of("s".repeat(65), Duration.ofMinutes(5)), Arguments.of("scene", null),
				Arguments.of("scene", Duration.ZERO), Arguments.of("scene", Duration.ofMillis(999)),
				Arguments.of("scene", Duration.ofSeconds(-60)), Arguments.of("scene", Duration.ofSeconds(2_592_001)));
	}

	@ParameterizedTest
	@MethodSource("outOfRange")
	void shouldRejectASceneOrLifetimeWechatWouldNotAcceptWithoutCallingIt(String scene, Duration ttl) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.createTemporary(scene, ttl));

		assertThat(this.wechat.requests()).isEmpty();
	}

}
