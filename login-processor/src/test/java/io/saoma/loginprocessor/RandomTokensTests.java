package io.saoma.loginprocessor;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomTokensTests {

	@Test
	void shouldWriteTheRandomBytesUrlSafeWithoutPadding() {
		assertThat(RandomTokens.urlSafe(24)).hasSize(32).matches("[A-Za-z0-9_-]+");
		assertThat(RandomTokens.urlSafe(16)).hasSize(22).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void shouldNeverRepeatAToken() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			tokens.add(RandomTokens.urlSafe(16));
		}
		assertThat(tokens).hasSize(1000);
	}

	@Test
	void shouldGiveAsManyBytesAsAsked() {
		assertThat(RandomTokens.bytes(48)).hasSize(48);
	}

}
