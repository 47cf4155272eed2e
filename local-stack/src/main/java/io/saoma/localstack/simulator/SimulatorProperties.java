package io.saoma.localstack.simulator;

import java.net.URI;
import java.time.Duration;

import io.saoma.common.config.PositiveDuration;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the simulators send things: {@code simulator.*}.
 *
 * @param receiverUrl the receiver's server URL for the demo account (where pushes go)
 * @param loginApiUrl the login processor's base URL (the login page's API)
 * @param redeemApiKey the key the demo site presents to redeem codes (never printed: no
 * constraint on it)
 * @param pushTimeout how long WeChat waits for the receiver's answer before it retries (5
 * s)
 * @param pushRetries how often WeChat retries a push nobody answered (3)
 * @param openPlatformBound whether the demo account is bound to an Open Platform account:
 * then {@code user/info} answers a unionid (derived from the openid, stable)
 * @param funnelApiKey the key the page's funnel chart is read with
 * ({@code login.funnel.api-key}); the simulator adds it, so the browser never holds it
 */
@Validated
@ConfigurationProperties("simulator")
public record SimulatorProperties(URI receiverUrl, URI loginApiUrl, String redeemApiKey,
		@DefaultValue("5s") @PositiveDuration Duration pushTimeout,
		@DefaultValue("3") @Min(value = 0, message = "must not be negative") int pushRetries,
		@DefaultValue("false") boolean openPlatformBound, String funnelApiKey) {
}
