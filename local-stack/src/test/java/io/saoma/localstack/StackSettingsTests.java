package io.saoma.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackSettingsTests {

	private static final String SECRET = "app-secret-never-printed";

	private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	@Test
	void shouldReadARealAccountInTheShapeOfWechatAccountsWithoutShowingItsSecrets() {
		StackSettings settings = StackSettings.fromEnvironment(Map.of("WECHAT_APP_ID", "wx1", "WECHAT_APP_SECRET",
				SECRET, "WECHAT_TOKEN", "tok123", "WECHAT_ENCODING_AES_KEY", KEY));
		assertThat(settings.wechat().appId()).isEqualTo("wx1");
		assertThat(settings.wechat().appSecret()).isEqualTo(SECRET);
		assertThat(settings.wechat().token()).isEqualTo("tok123");
		assertThat(settings.wechat().encodingAesKey()).isEqualTo(KEY);
		assertThat(settings.toString()).contains("wx1")
			.doesNotContain(SECRET)
			.doesNotContain("tok123")
			.doesNotContain(KEY);
	}

	@Test
	void shouldStaySimulatedWithoutAnAppId() {
		assertThat(StackSettings.fromEnvironment(Map.of("WECHAT_APP_SECRET", SECRET)))
			.isEqualTo(StackSettings.simulated());
	}

	@Test
	void shouldShowTheUnionidOfTheDemosRedemptions() {
		StackSettings settings = StackSettings.simulated();
		assertThat(settings.loginProcessor(StackPorts.standard(), Path.of("state")))
			.containsEntry("login.profile.accounts", DemoAccount.ID);
		assertThat(settings.simulator(StackPorts.standard())).containsEntry("simulator.open-platform-bound", "true");
	}

}
