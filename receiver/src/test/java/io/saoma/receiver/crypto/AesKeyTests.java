package io.saoma.receiver.crypto;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AesKeyTests {

	@Test
	void shouldDecodeOfficialKeyEndingInGWithNonZeroDiscardedBits() {
		AesKey key = AesKey.decode("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
		assertThat(HexFormat.of().formatHex(key.key().getEncoded()))
			.isEqualTo("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051");
		assertThat(HexFormat.of().formatHex(key.iv().getIV())).isEqualTo("69b71d79f8218a39259a7a29aabb2dba");
	}

	@Test
	void shouldDecodeAllAKeyToZeroBytes() {
		assertThat(AesKey.decode("A".repeat(43)).key().getEncoded()).containsOnly(0).hasSize(32);
	}

	@Test
	void shouldRejectKeysThatAreNot43CharactersWithoutQuotingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> AesKey.decode("abcde"))
			.withMessage("must be 43 characters, was 5");
		assertThatIllegalArgumentException().isThrownBy(() -> AesKey.decode("A".repeat(44)))
			.withMessage("must be 43 characters, was 44");
		assertThatIllegalArgumentException().isThrownBy(() -> AesKey.decode(null))
			.withMessage("must be 43 characters, was 0");
	}

	@Test
	void shouldRejectCharactersOutsideLettersAndDigits() {
		String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+";
		assertThatIllegalArgumentException().isThrownBy(() -> AesKey.decode(key))
			.withMessage("must contain only letters and digits, found another character at position 43");
	}

	@Test
	void shouldNeverPrintTheKey() {
		assertThat(AesKey.decode("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").toString()).doesNotContain("abc")
			.isEqualTo("AesKey[******]");
	}

}
