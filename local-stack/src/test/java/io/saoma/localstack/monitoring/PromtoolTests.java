package io.saoma.localstack.monitoring;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PromtoolTests {

	@Test
	void shouldFailNotSkipAndSayWhatToInstallWhenPromtoolIsMissing(@TempDir Path empty) {
		assertThat(Promtool.find(List.of(empty.toString(), ""))).isEmpty();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Promtool.require(Promtool.find(List.of(empty.toString()))))
			.withMessageContaining("install Debian's prometheus package")
			.withMessageContaining(".ci/run");
	}

}
