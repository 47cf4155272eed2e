package io.saoma.localstack.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulated users' WeChat chats with the demo account, as the phone on the page shows
 * them: the passive replies the receiver answered to their pushes (the welcome text) and
 * the customer-service messages the account sent them (the login confirmation). It also
 * remembers when each user last interacted with the account, because WeChat delivers
 * customer-service messages only within 48 hours of that (errcode 45015 otherwise).
 * Bounded: the most recent users and messages only.
 */
public class ChatInbox {

	/** WeChat's customer-service window after a user's last interaction. */
	static final Duration REPLY_WINDOW = Duration.ofHours(48);

	private static final int MAX_USERS = 1000;

	private static final int MAX_MESSAGES = 50;

	private final Clock clock;

	private final Map<String, Deque<Message>> chats = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Deque<Message>> eldest) {
			return size() > MAX_USERS;
		}

	};

	private final Map<String, Instant> interactions = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
			return size() > MAX_USERS;
		}

	};

	public ChatInbox(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A user did something the account is told about (a scan, a follow), which opens
	 * WeChat's 48-hour customer-service window.
	 * @param openId the user
	 */
	public synchronized void interacted(String openId) {
		this.interactions.put(openId, this.clock.instant());
	}

	/**
	 * Whether the account may send the user a customer-service message now.
	 * @param openId the user
	 * @return {@code true} within 48 h of the user's last interaction
	 */
	public synchronized boolean mayReceive(String openId) {
		Instant last = this.interactions.get(openId);
		return last != null && !last.plus(REPLY_WINDOW).isBefore(this.clock.instant());
	}

	/**
	 * Adds a message from the account to a user's chat.
	 * @param openId the user
	 * @param kind {@code reply} (a passive reply to a push) or {@code customer-service}
	 * @param text the text
	 */
	public synchronized void received(String openId, String kind, String text) {
		Deque<Message> chat = this.chats.computeIfAbsent(openId, (key) -> new ArrayDeque<>());
		chat.addLast(new Message(kind, text, this.clock.instant().toString()));
		while (chat.size() > MAX_MESSAGES) {
			chat.removeFirst();
		}
	}

	/**
	 * A user's chat, oldest message first.
	 * @param openId the user
	 * @return the messages
	 */
	public synchronized List<Message> messages(String openId) {
		Deque<Message> chat = this.chats.get(openId);
		return (chat != null) ? List.copyOf(chat) : List.of();
	}

	/**
	 * {@code GET /sim/api/chat?openId=}: a user's chat with the account, for the phone on
	 * the page; 400 without an openid.
	 * @param request the request
	 * @return {@code {"openId", "messages": [{"kind", "text", "at"}]}}
	 */
	public Mono<ServerResponse> chat(ServerRequest request) {
		String openId = request.queryParam("openId").orElse("");
		if (openId.isBlank() || openId.length() > 128) {
			return ServerResponse.badRequest()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("error", "invalid_open_id", "message", "openId must be 1 to 128 characters"));
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("openId", openId, "messages", messages(openId)));
	}

	/**
	 * A message from the account.
	 *
	 * @param kind {@code reply} or {@code customer-service}
	 * @param text the text
	 * @param at when it arrived (ISO-8601)
	 */
	public record Message(String kind, String text, String at) {
	}

}
