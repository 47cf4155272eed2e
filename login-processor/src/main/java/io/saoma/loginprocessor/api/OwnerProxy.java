package io.saoma.loginprocessor.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import io.saoma.loginprocessor.config.LoginProperties;
import org.apache.kafka.streams.state.HostInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Passes a request on to the instance that owns its login (as Kafka Streams' metadata
 * says) and streams the answer back unchanged, Server-Sent Events and {@code Retry-After}
 * included, so that every instance answers for every login. Connecting and each silence
 * of the owner are bounded ({@code login.forward.*}); the passed-on request names the
 * client it came from ({@value ClientAddresses#CLIENT}) and carries the instances' shared
 * secret when one is set ({@code login.instance-secret}). Its calls are observed
 * ({@code http.client.requests}) through Boot's {@link WebClient.Builder}.
 */
public class OwnerProxy implements StatusStreams.OwnerStatuses {

	/** Marks a request that was already passed on once: it is never passed on again. */
	public static final String FORWARDED = ClientAddresses.FORWARDED;

	private static final List<String> PASSED_HEADERS = List.of(HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.AUTHORIZATION, "Last-Event-ID", Redemptions.IDEMPOTENCY_KEY);

	private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION,
			HttpHeaders.ALLOW, HttpHeaders.CACHE_CONTROL);

	private final WebClient client;

	private final ClientAddresses clients;

	private final Duration statusTimeout;

	public OwnerProxy(WebClient client, ClientAddresses clients) {
		this(client, clients, Duration.ofSeconds(5));
	}

	/**
	 * Creates a proxy.
	 * @param client the client, see {@link #webClient}
	 * @param clients how clients are named
	 * @param statusTimeout how long {@link #statusOf} waits for the owner's answer
	 */
	public OwnerProxy(WebClient client, ClientAddresses clients, Duration statusTimeout) {
		this.client = client;
		this.clients = clients;
		this.statusTimeout = statusTimeout;
	}

	/**
	 * A client for passing requests on, with the configured timeouts.
	 * @param builder Boot's builder (observed calls)
	 * @param forward the settings
	 * @return the client
	 */
	public static WebClient webClient(WebClient.Builder builder, LoginProperties.Forward forward) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(forward.connectTimeout().toMillis()))
			.responseTimeout(forward.responseTimeout());
		return builder.clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	/**
	 * Whether a request has been passed on already.
	 * @param request the request
	 * @return {@code true} if it came from another instance
	 */
	public static boolean wasForwarded(ServerRequest request) {
		return request.headers().firstHeader(FORWARDED) != null;
	}

	/**
	 * Passes a request on with its body as received.
	 * @param request the request
	 * @param owner the owning instance
	 * @return the owner's answer
	 */
	public Mono<ServerResponse> forward(ServerRequest request, HostInfo owner) {
		return forward(request, owner, BodyInserters.fromDataBuffers(request.body(BodyExtractors.toDataBuffers())));
	}

	/**
	 * Passes a request on whose body was already read.
	 * @param request the request
	 * @param owner the owning instance
	 * @param body the body, to be written as JSON
	 * @return the owner's answer
	 */
	public Mono<ServerResponse> forward(ServerRequest request, HostInfo owner, Object body) {
		return forward(request, owner, BodyInserters.fromValue(body));
	}

	/**
	 * Asks an instance for a login's status, as a passed-on {@code GET
	 * /api/qr-logins/{loginId}}: what a status stream that lost its login sends last.
	 * @param owner the instance
	 * @param loginId the login
	 * @param client the client the answer is for
	 * @return the status, empty if the instance does not know the login, or an error if
	 * it does not answer in time
	 */
	@Override
	public Mono<StatusView> statusOf(HostInfo owner, String loginId, String client) {
		return this.client.get()
			.uri("http://{host}:{port}/api/qr-logins/{loginId}", owner.host(), owner.port(), loginId)
			.headers((headers) -> passedOn(headers, client))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(StatusView.class) : response.releaseBody().then(Mono.empty()))
			.timeout(this.statusTimeout);
	}

	private void passedOn(HttpHeaders headers, String client) {
		headers.set(FORWARDED, "1");
		headers.set(ClientAddresses.CLIENT, client);
		if (this.clients.header() != null) {
			// an owner without the instance secret resolves the client the usual way
			headers.set(this.clients.header(), client);
		}
		if (this.clients.instanceSecret() != null) {
			headers.set(ClientAddresses.INSTANCE_SECRET, this.clients.instanceSecret());
		}
	}

	private Mono<ServerResponse> forward(ServerRequest request, HostInfo owner,
			BodyInserter<?, ? super ClientHttpRequest> body) {
		// a URI, not a template: the observation of the call (http.client.requests) is
		// then tagged uri=none, never with the loginId
		URI uri = UriComponentsBuilder.fromUri(request.uri())
			.scheme("http")
			.host(owner.host())
			.port(owner.port())
			.build(true)
			.toUri();
		String client = this.clients.of(request.exchange().getRequest());
		return this.client.method(request.method()).uri(uri).headers((headers) -> {
			PASSED_HEADERS.forEach((name) -> {
				List<String> values = request.headers().header(name);
				if (!values.isEmpty()) {
					headers.put(name, values);
				}
			});
			passedOn(headers, client);
		})
			.body(body)
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntityFlux(DataBuffer.class)
			.flatMap((entity) -> {
				ServerResponse.BodyBuilder answer = ServerResponse.status(entity.getStatusCode());
				if (entity.getHeaders().getContentType() != null) {
					answer.contentType(entity.getHeaders().getContentType());
				}
				ANSWER_HEADERS.forEach((name) -> {
					List<String> values = entity.getHeaders().getOrEmpty(name);
					if (!values.isEmpty()) {
						answer.header(name, values.toArray(String[]::new));
					}
				});
				Flux<DataBuffer> answerBody = (entity.getBody() != null) ? entity.getBody() : Flux.empty();
				return answer.body(BodyInserters.fromDataBuffers(answerBody));
			});
	}

}
