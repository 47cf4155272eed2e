package io.saoma.forwarder.relay;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * Spring's {@code http.client.requests} observation of a relay call, with the account it
 * was made for as the {@value #ACCOUNT} tag, so that Authing's answer time
 * ({@code http_client_requests_seconds{account, outcome, status}}) can be told apart per
 * account as each account has a connection of its own. The {@code uri} tag stays
 * {@code none}: a relay's URL carries WeChat's signature in its query.
 */
class RelayObservationConvention extends DefaultClientRequestObservationConvention {

	/** The tag, and the request attribute {@link RelayClient} sets. */
	static final String ACCOUNT = "account";

	@Override
	public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
		Object account = (context.getRequest() != null) ? context.getRequest().attribute(ACCOUNT).orElse(null) : null;
		return super.getLowCardinalityKeyValues(context)
			.and(KeyValue.of(ACCOUNT, (account != null) ? account.toString() : "none"));
	}

}
