package io.saoma.loginprocessor.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status task: materializes {@code wechat.login-status} and decides redemptions by
 * check-and-set. Its REDEEMED output goes to {@code wechat.login-status}, which the
 * driver feeds back in, as the broker would.
 */
class StatusTopologyTests {

	private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

	private final List<KeyValue<String, LoginStatus>> notified = new ArrayList<>();

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> statusIn;

	private TestInputTopic<String, byte[]> requests;

	private TestOutputTopic<String, byte[]> statusOut;

	private TestOutputTopic<String, byte[]> deadLetters;

	@BeforeEach
	void setUp() throws Exception {
		this.driver = TestDrivers.start(
				(builder) -> StatusTopology.addTo(builder,
						(loginId, status) -> this.notified.add(KeyValue.pair(loginId, status)), null),
				"status-topology-tests", START);
		this.statusIn = TestDrivers.rawInput(this.driver, Topics.LOGIN_STATUS, START);
		this.requests = TestDrivers.rawInput(this.driver, Topics.LOGIN_REDEMPTIONS, START);
		this.statusOut = TestDrivers.rawOutput(this.driver, Topics.LOGIN_STATUS);
		this.deadLetters = TestDrivers.deadLetters(this.driver);
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void shouldLetExactlyOneOfTwoRequestsRedeemACode() {
		status(succeeded("login-1", "login-1.secret"));
		request("login-1", "request-a", "login-1.secret");
		request("login-1", "request-b", "login-1.secret");

		List<LoginStatus> written = writtenStatuses();
		assertThat(written).singleElement().satisfies((redeemed) -> {
			assertThat(redeemed.getState()).isEqualTo(LoginState.REDEEMED);
			assertThat(redeemed.getRedemptionId()).isEqualTo("request-a");
			assertThat(redeemed.getOpenId()).isEqualTo("openid-1");
		});
		assertThat(stored("login-1").getState()).isEqualTo(LoginState.REDEEMED);
		assertThat(stored("login-1").getRedemptionId()).isEqualTo("request-a");
		assertThat(claims().get("login-1")).as("the claim is dropped once REDEEMED is read back").isNull();
		assertThat(this.notified).extracting((change) -> change.value.getState())
			.containsExactly(LoginState.SUCCEEDED, LoginState.REDEEMED);

		request("login-1", "request-c", "login-1.secret");
		assertThat(this.statusOut.isEmpty()).isTrue();
		assertThat(stored("login-1").getRedemptionId()).isEqualTo("request-a");
	}

	@Test
	void shouldLetTheFirstRequestWinEvenBeforeItsRedemptionIsReadBack() {
		// the claim, not the status, refuses the second request while the first one's
		// REDEEMED is on its way
		status(succeeded("login-1", "login-1.secret"));
		this.driver.getKeyValueStore(StatusProcessor.CLAIMS_STORE).put("login-1", "request-in-flight");
		request("login-1", "request-b", "login-1.secret");

		assertThat(this.statusOut.isEmpty()).isTrue();
		assertThat(stored("login-1").getState()).isEqualTo(LoginState.SUCCEEDED);
	}

	@Test
	void shouldChangeNothingForAWrongCodeAnUndecidedLoginOrAnUnknownOne() {
		status(succeeded("login-1", "login-1.secret"));
		status(LoginStatus.newBuilder(succeeded("login-2", null)).setState(LoginState.PENDING).build());
		request("login-1", "request-a", "login-1.guess");
		request("login-2", "request-b", "login-2.secret");
		request("login-3", "request-c", "login-3.secret");

		assertThat(this.statusOut.isEmpty()).isTrue();
		assertThat(stored("login-1").getState()).isEqualTo(LoginState.SUCCEEDED);
		assertThat(stored("login-3")).isNull();
		assertThat(claims().get("login-1")).isNull();
	}

	@Test
	void shouldIgnoreARedeemedStatusThatLandsAfterTheTombstoneAndRemoveItAgain() {
		LoginStatus succeeded = succeeded("login-1", "login-1.secret");
		status(succeeded);
		this.statusIn.pipeInput("login-1", null);
		this.notified.clear();
		status(LoginStatus.newBuilder(succeeded).setState(LoginState.REDEEMED).setRedemptionId("late").build());

		assertThat(stored("login-1")).isNull();
		assertThat(this.notified).isEmpty();
		assertThat(this.statusOut.readKeyValuesToList()).as("tombstoned again, so compaction drops the identity")
			.containsExactly(KeyValue.pair("login-1", null));
		assertThat(stored("login-1")).isNull();
	}

	@Test
	void shouldNeverChangeARedeemedLoginButRemoveIt() {
		LoginStatus succeeded = succeeded("login-1", "login-1.secret");
		status(succeeded);
		request("login-1", "request-a", "login-1.secret");
		writtenStatuses();
		status(succeeded);
		assertThat(stored("login-1").getState()).isEqualTo(LoginState.REDEEMED);

		this.statusIn.pipeInput("login-1", null);
		assertThat(stored("login-1")).isNull();
		assertThat(this.notified.get(this.notified.size() - 1)).isEqualTo(KeyValue.pair("login-1", null));
	}

	@Test
	void shouldDeadLetterAnUndecodableRequestAndGoOn() {
		status(succeeded("login-1", "login-1.secret"));
		this.requests.pipeInput("login-1", new byte[] { 1, 2, 3 });
		request("login-1", "request-a", "login-1.secret");

		assertThat(this.deadLetters.readValuesToList()).hasSize(1);
		assertThat(stored("login-1").getRedemptionId()).isEqualTo("request-a");
	}

	private void status(LoginStatus status) {
		this.statusIn.pipeInput(status.getLoginId(), AvroSerdes.loginStatus().encode(status));
	}

	private void request(String loginId, String requestId, String code) {
		this.requests.pipeInput(loginId, AvroSerdes.redemptionRequest()
			.encode(new RedemptionRequest(requestId, StatusProcessor.codeHash(code), START)));
	}

	private List<LoginStatus> writtenStatuses() {
		return this.statusOut.readValuesToList()
			.stream()
			.map((bytes) -> AvroSerdes.loginStatus().decode(bytes))
			.toList();
	}

	private LoginStatus stored(String loginId) {
		KeyValueStore<String, LoginStatus> store = this.driver.getKeyValueStore(LoginTopology.LOGIN_STATUS_STORE);
		return store.get(loginId);
	}

	private KeyValueStore<String, String> claims() {
		return this.driver.getKeyValueStore(StatusProcessor.CLAIMS_STORE);
	}

	private static LoginStatus succeeded(String loginId, String code) {
		return new LoginStatus(loginId, "main", "wx1", LoginState.SUCCEEDED, START.plusSeconds(300), START, code,
				"openid-1", true, "scene", START, null, null, null);
	}

}
