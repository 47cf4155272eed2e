package io.saoma.testsupport.config;

import io.saoma.common.InvalidConfigurationException;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A record with one constraint and one rule checked in code, for
 * {@link ConfigurationChecksTests}.
 *
 * @param maxItems at least 1
 * @param name anything but {@code admin}
 */
@Validated
@ConfigurationProperties("sample")
record SampleProperties(@DefaultValue("3") @Min(value = 1, message = "must be at least 1") int maxItems,
		@DefaultValue("guest") String name) {

	SampleProperties {
		if ("admin".equals(name)) {
			throw new InvalidConfigurationException("sample.name", "must not be admin", "Choose another name.");
		}
	}

}
