package io.saoma.loginprocessor.confirm;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationTextTests {

	@Test
	void shouldFillTimeAndDateInTheUsersZone() {
		String text = ConfirmationText.render("你已于 {date} {time} 登录。{time}", Instant.parse("2026-12-01T16:05:00Z"),
				ZoneId.of("Asia/Shanghai"));

		assertThat(text).isEqualTo("你已于 2026-12-02 00:05 登录。00:05");
	}

	@Test
	void shouldLeaveATextWithoutPlaceholdersAsItIs() {
		assertThat(ConfirmationText.render("不是你？{name}", Instant.EPOCH, ZoneId.of("UTC"))).isEqualTo("不是你？{name}");
	}

}
