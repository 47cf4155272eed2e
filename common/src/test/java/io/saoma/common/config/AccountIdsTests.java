package io.saoma.common.config;

import io.saoma.common.InvalidConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class AccountIdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "main", "a", "Shop_2", "shop-cn", "0",
			"a123456789012345678901234567890123456789012345678901234567890123" })
	void shouldAcceptLettersDigitsDashesAndUnderscoresStartingWithALetterOrDigit(String id) {
		assertThat(AccountIds.isValid(id)).isTrue();
		assertThatNoException().isThrownBy(() -> AccountIds.check("forwarder.accounts", id));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-main", "_main", "a/b", "a.b", "a b", "商店",
			"a1234567890123456789012345678901234567890123456789012345678901234" })
	void shouldRefuseAnythingElseNamingTheProperty(String id) {
		assertThat(AccountIds.isValid(id)).isFalse();
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> AccountIds.check("forwarder.accounts", id))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.accounts." + id))
			.withMessageContaining("has an invalid account id");
	}

}
