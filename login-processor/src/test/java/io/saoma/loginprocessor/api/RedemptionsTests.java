package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import io.saoma.common.AcknowledgedSends;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

import static org.assertj.core.api.Assertions.assertThat;

class RedemptionsTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	private final Map<String, LoginStatus> statuses = new HashMap<>();

	private final MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
			new DelegatingByTypeSerializer(Map.of(LoginStatus.class, AvroSerdes.loginStatus().serializer())));

	private final Redemptions redemptions = new Redemptions(new FakeStore(this.statuses),
			new AcknowledgedSends<>(new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)),
					Duration.ofSeconds(1), Executors.newSingleThreadExecutor()),
			Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));

	@Test
	void shouldReturnTheIdentityOnceAndRecordTheRedemption() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null))
			.assertNext((identity) -> {
				assertThat(identity.openId()).isEqualTo("openid-1");
				assertThat(identity.newFollower()).isTrue();
				assertThat(identity.account()).isEqualTo("main");
			})
			.verifyComplete();
		assertThat(this.producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo(Topics.LOGIN_STATUS);
			assertThat(record.key()).isEqualTo("login-1");
			assertThat(((LoginStatus) record.value()).getState()).isEqualTo(LoginState.REDEEMED);
		});
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(409))
			.verify();
		assertThat(this.producer.history()).hasSize(1);
	}

	@Test
	void shouldRefuseARedeemedCodeAfterARestart() {
		LoginStatus redeemed = LoginStatus.newBuilder(succeeded("login-1", "login-1.secret"))
			.setState(LoginState.REDEEMED)
			.build();
		this.statuses.put("login-1", redeemed);
		StepVerifier.create(this.redemptions.redeem("login-1", "login-1.secret", null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).error()).isEqualTo("already_redeemed"))
			.verify();
	}

	@Test
	void shouldRefuseWrongUnknownAndUndecidedCodesAlike() {
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		this.statuses.put("login-2", LoginStatus.newBuilder(succeeded("login-2", null)).setState(LoginState.PENDING).build());
		for (String[] attempt : new String[][] { { "login-1", "login-1.guess" }, { "login-3", "login-3.secret" },
				{ "login-2", "login-2.secret" } }) {
			StepVerifier.create(this.redemptions.redeem(attempt[0], attempt[1], null))
				.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(404))
				.verify();
		}
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void shouldLetTheCodeBeRetriedWhenTheRedemptionCannotBeRecorded() {
		MockProducer<String, Object> failing = new MockProducer<>(false, null, new StringSerializer(),
				new DelegatingByTypeSerializer(Map.of(LoginStatus.class, AvroSerdes.loginStatus().serializer())));
		Redemptions unreliable = new Redemptions(new FakeStore(this.statuses),
				new AcknowledgedSends<>(new KafkaTemplate<>(new MockProducerFactory<>(() -> failing)),
						Duration.ofMillis(200), Executors.newSingleThreadExecutor()),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));
		this.statuses.put("login-1", succeeded("login-1", "login-1.secret"));
		StepVerifier.create(unreliable.redeem("login-1", "login-1.secret", null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(503))
			.verify();
		// the failed attempt released its claim: a retry is not refused as "already redeemed"
		StepVerifier.create(unreliable.redeem("login-1", "login-1.secret", null))
			.expectErrorSatisfies((ex) -> assertThat(((ApiException) ex).status().value()).isEqualTo(503))
			.verify();
	}

	private static LoginStatus succeeded(String loginId, String code) {
		return new LoginStatus(loginId, "main", "wx1", LoginState.SUCCEEDED, NOW.plusSeconds(300), NOW, code,
				"openid-1", true, "scene", NOW, null, null);
	}

	private static final class FakeStore extends StatusStore {

		private final Map<String, LoginStatus> statuses;

		FakeStore(Map<String, LoginStatus> statuses) {
			super(null, new HostInfo("localhost", 1));
			this.statuses = statuses;
		}

		@Override
		public LoginStatus get(String loginId) {
			return this.statuses.get(loginId);
		}

	}

}
