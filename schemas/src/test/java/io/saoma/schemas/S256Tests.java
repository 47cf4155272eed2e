package io.saoma.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class S256Tests {

	@Test
	void shouldMatchTheVectorOfRfc7636AppendixB() {
		assertThat(S256.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
			.isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	}

	@Test
	void shouldHashTheUtf8BytesOfAnyText() {
		// SHA-256("") and SHA-256(UTF-8 "码"), computed with Python's hashlib and base64
		assertThat(S256.of("")).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
		assertThat(S256.of("码")).isEqualTo("pd-yT6kELNadixJAac9HzAPVOJ5rMmu9o1qTa3cc5yo");
	}

}
