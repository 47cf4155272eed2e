package io.saoma.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins in flight (200 here, 1,000 with {@code -Dfaults.full=true}) at two login processor instances, one killed with
 * SIGKILL mid-way and restarted: each login has exactly one result on {@code wechat.logins} (SUCCEEDED), none lost or
 * duplicated; a browser per login, following it over SSE at both instances in turn (reconnecting like
 * {@code EventSource} when its stream breaks), receives its final status; and each code redeems exactly once (its
 * second redemption, at the other instance, is refused).
 */
class LoginProcessorKillIT {

	private static LoginStack stack;

	@BeforeAll
	static void start() {
		stack = LoginStack.start(LoginSettings.forKillScenarios());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldDecideEveryLoginExactlyOnceWhenAnInstanceIsKilledMidWay() {
		int count = FaultSettings.size(200, 1000);
		LoginKillScenario.Outcome outcome = new LoginKillScenario(stack).run(count, true);
		new FaultSummary("Login processor: 1 of 2 instances killed (SIGKILL) mid-way and restarted", count, "logins",
				outcome.withOneSuccess(), outcome.lost(), outcome.duplicated(), outcome.duration(),
				"outcomes " + outcome.outcomes() + "; browsers with their final status " + outcome.browsersDecided() + "/"
						+ count + " (" + outcome.reconnects() + " reconnects); codes redeemed " + outcome.redemptions().firstAccepted() + "/"
						+ outcome.redemptions().withCode() + ", redeemed twice " + outcome.redemptions().secondAccepted())
			.write();
		assertThat(outcome.lost()).as("logins without a result").isZero();
		assertThat(outcome.duplicated()).as("results beyond the first per login").isZero();
		assertThat(outcome.withOneSuccess()).as("logins with exactly one result, SUCCEEDED").isEqualTo(count);
		assertThat(outcome.browsersDecided()).as("browsers that received SUCCEEDED").isEqualTo(count);
		assertThat(outcome.redemptions().withCode()).as("logins whose code the site got").isEqualTo(count);
		assertThat(outcome.redemptions().firstAccepted()).as("first redemptions accepted").isEqualTo(count);
		assertThat(outcome.redemptions().secondAccepted()).as("second redemptions accepted (codes redeemed twice)").isZero();
	}

}
