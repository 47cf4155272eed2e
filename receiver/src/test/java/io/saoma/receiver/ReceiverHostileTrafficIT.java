package io.saoma.receiver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.saoma.receiver.TestPushes.Push;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile traffic against a real broker: 8 senders loop over the costliest hostile bodies
 * found for the receiver (measured per decode; see RELIABILITY.md) while 50 valid pushes
 * of every mode are sent from 5 threads. Every valid push is answered {@code success}
 * within the request deadline (4.5 s, under WeChat's 5 s) and lands on
 * {@code wechat.events} exactly once; every hostile request is answered 4xx or 503 and
 * publishes nothing. The latency distribution and the hostile answers by status are
 * written to {@code target/hostile-traffic/it-figures.txt}.
 */
@ReceiverTest
@ContextConfiguration(initializers = ReceiverBrokers.Shared.class)
@TestPropertySource(
		properties = { "wechat.accounts.main.encryption-mode=plaintext", "wechat.receiver.publish-timeout=3s" })
class ReceiverHostileTrafficIT {

	private static final int HOSTILE_SENDERS = 8;

	/** Requests per hostile sender (the loops also end after 90 s). */
	private static final int HOSTILE_PER_SENDER = 300;

	/**
	 * Valid push i is sent once this many times i hostile requests (plus a start) have
	 * been answered.
	 */
	private static final int HOSTILE_BETWEEN_VALID = HOSTILE_SENDERS * HOSTILE_PER_SENDER * 4 / 5 / 50;

	private static final int VALID_PUSHES = 50;

	private static final int VALID_SENDERS = 5;

	private static final Duration DEADLINE = Duration.ofMillis(4_500);

	private static final String TOKEN = "AAAAA";

	private static final String APP_ID = "wxba5fad812f8e6fb9";

	private static final byte[] KEY = new byte[32];

	@LocalServerPort
	int port;

	@Test
	void shouldAnswerEveryValidPushWithinTheDeadlineAndPublishItOnceWhileHostileSendersLoop() throws Exception {
		TopicReader reader = TopicReader.of(EmbeddedKraftBroker.shared());
		Map<TopicPartition, Long> before = reader.endOffsets(Topics.Names.WECHAT_EVENTS);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		List<Hostile> hostile = hostileBodies();
		Map<String, LongAdder> hostileAnswers = new ConcurrentHashMap<>();
		AtomicInteger hostileSent = new AtomicInteger();
		AtomicBoolean hostileDone = new AtomicBoolean();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(HOSTILE_SENDERS + VALID_SENDERS);
		try {
			List<Future<?>> hostileSenders = new ArrayList<>();
			for (int sender = 0; sender < HOSTILE_SENDERS; sender++) {
				int first = sender;
				hostileSenders.add(pool.submit(() -> {
					for (int i = 0; i < HOSTILE_PER_SENDER && System.nanoTime() < deadline; i++) {
						Hostile attack = hostile.get((first + i) % hostile.size());
						String answer = send(http, attack.request.apply(Instant.now().getEpochSecond()), attack);
						hostileAnswers.computeIfAbsent(attack.name + " -> " + answer, (key) -> new LongAdder())
							.increment();
						hostileSent.incrementAndGet();
					}
					return null;
				}));
			}
			List<String> users = new ArrayList<>();
			for (int i = 0; i < VALID_PUSHES; i++) {
				users.add(ReceiverKafkaContract.openId());
			}
			long[] latencies = new long[VALID_PUSHES];
			List<String> validAnswers = new ArrayList<>(java.util.Collections.nCopies(VALID_PUSHES, ""));
			List<Future<?>> validSenders = new ArrayList<>();
			for (int sender = 0; sender < VALID_SENDERS; sender++) {
				int first = sender;
				validSenders.add(pool.submit(() -> {
					for (int i = first; i < VALID_PUSHES; i += VALID_SENDERS) {
						// spread over the hostile run: push i once 16 + i *
						// HOSTILE_BETWEEN_VALID hostile answers came
						int threshold = 2 * HOSTILE_SENDERS + i * HOSTILE_BETWEEN_VALID;
						await().atMost(Duration.ofSeconds(120))
							.pollInterval(Duration.ofMillis(5))
							.until(() -> hostileSent.get() >= threshold || hostileDone.get());
						Push push = valid(i, users.get(i));
						HttpRequest request = HttpRequest.newBuilder(URI.create(url(push.query())))
							.timeout(Duration.ofSeconds(10))
							.header("Content-Type", push.contentType())
							.POST(HttpRequest.BodyPublishers.ofString(push.body()))
							.build();
						long start = System.nanoTime();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						latencies[i] = System.nanoTime() - start;
						validAnswers.set(i, response.statusCode() + " " + response.body());
					}
					return null;
				}));
			}
			for (Future<?> sender : validSenders) {
				sender.get(120, TimeUnit.SECONDS);
			}
			int hostileDuringValid = hostileSent.get();
			for (Future<?> sender : hostileSenders) {
				sender.get(120, TimeUnit.SECONDS);
			}
			hostileDone.set(true);

			long[] sorted = latencies.clone();
			Arrays.sort(sorted);
			String figures = figures(sorted, hostileAnswers, hostileSent.get(), hostileDuringValid);
			Path file = Path.of("target", "hostile-traffic", "it-figures.txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, figures);
			System.out.print(figures);

			assertThat(validAnswers).as(figures).containsOnly("200 success");
			assertThat(Duration.ofNanos(sorted[VALID_PUSHES - 1])).as(figures).isLessThan(DEADLINE);
			assertThat(hostileAnswers.keySet()).as(figures)
				.allSatisfy((answer) -> assertThat(answer).matches(".* -> (4\\d\\d [a-z_]+|503 [a-z_]+|closed)"));
			// only a body refused on its Content-Length may see its connection closed
			// while it is still being sent
			assertThat(hostileAnswers.keySet()).as(figures)
				.filteredOn((answer) -> answer.endsWith("closed"))
				.allSatisfy((answer) -> assertThat(answer).startsWith("oversize"));

			List<ConsumerRecord<String, WechatEvent>> records = reader.readFrom(before, VALID_PUSHES + 1,
					Duration.ofSeconds(5), new StringDeserializer(), AvroSerdes.wechatEvent().deserializer());
			assertThat(records).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrderElementsOf(users.stream().map((user) -> EventKeys.of(APP_ID, user)).toList());
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static String figures(long[] sorted, Map<String, LongAdder> hostileAnswers, int hostileSent,
			int hostileDuringValid) {
		StringBuilder figures = new StringBuilder();
		figures.append(String.format("valid pushes: %d, latency ms: min %.1f, p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
				sorted.length, ms(sorted[0]), ms(percentile(sorted, 50)), ms(percentile(sorted, 90)),
				ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1])));
		figures.append(String.format(
				"hostile requests: %d (%d sent before the last valid push was answered), by " + "body and answer:%n",
				hostileSent, hostileDuringValid));
		new TreeMap<>(hostileAnswers).forEach(
				(answer, count) -> figures.append("  ").append(answer).append(": ").append(count.sum()).append('\n'));
		Map<String, Long> byStatus = new TreeMap<>();
		hostileAnswers.forEach(
				(answer, count) -> byStatus.merge(answer.substring(answer.indexOf("-> ") + 3), count.sum(), Long::sum));
		figures.append("hostile answers by status: ").append(byStatus).append('\n');
		return figures.toString();
	}

	private static long percentile(long[] sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	private static double ms(long nanos) {
		return nanos / 1_000_000.0;
	}

	private String send(HttpClient http, HttpRequest request, Hostile attack) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			int tag = body.indexOf("\"error\":\"");
			return response.statusCode() + " "
					+ ((tag >= 0) ? body.substring(tag + 9, body.indexOf('"', tag + 9)) : body);
		}
		catch (IOException ex) {
			// answered before the body was read (e.g. 413 on its Content-Length) and
			// closed while it was still sent
			return "closed";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private String url(String query) {
		return "http://127.0.0.1:" + this.port + "/wechat/main?" + query;
	}

	private static Push valid(int i, String user) {
		long now = Instant.now().getEpochSecond();
		String nonce = "v" + i;
		String xml = ReceiverKafkaContract.scan(user, "scene-" + i);
		return switch (i % 4) {
			case 0 -> TestPushes.plaintext(ReceiverKafkaContract.KEYS, now, nonce, xml);
			case 1 -> TestPushes.compatible(ReceiverKafkaContract.KEYS, now, nonce, xml);
			case 2 -> TestPushes.safe(ReceiverKafkaContract.KEYS, now, nonce, xml);
			default -> TestPushes.safeJson(ReceiverKafkaContract.KEYS, now, nonce, "gh_test",
					"{\"ToUserName\":\"gh_test\",\"FromUserName\":\"" + user + "\",\"CreateTime\":" + now
							+ ",\"MsgType\":\"event\",\"Event\":\"SCAN\",\"EventKey\":\"scene-" + i
							+ "\",\"Ticket\":\"T\"}");
		};
	}

	// ---------------------------------------------------------------- the hostile bodies

	private record Hostile(String name, LongFunction<HttpRequest> request) {

	}

	/**
	 * The costliest bodies per decode found with a throwaway loop (RELIABILITY.md), each
	 * refused: 64 KB repetition bombs and nesting in signed plaintext bodies, signed and
	 * unsigned envelopes (XML and JSON) and signed inner messages, 47 KB of ciphertext
	 * with bad padding, 64 KB of text ending in bad UTF-8, and a body over the size
	 * limit.
	 */
	private List<Hostile> hostileBodies() {
		AtomicInteger nonces = new AtomicInteger();
		String bomb = "<A/>".repeat(16_370);
		String message = "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oHostile]]>"
				+ "</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType></xml>";
		String captured = encrypt(message.getBytes(StandardCharsets.UTF_8));
		String innerBomb = encrypt(("<xml>" + "<A/>".repeat(11_900) + "</xml>").getBytes(StandardCharsets.UTF_8));
		// 47 KB: its Base64 and the envelope stay under the 64 KB body limit
		String badPadding = Base64.getEncoder().encodeToString(aes(new byte[47 * 1024]));
		List<Hostile> hostile = new ArrayList<>();
		hostile.add(plaintext("plaintext <A/> bomb 64KB", "<xml>" + bomb + "</xml>", nonces));
		hostile.add(plaintext("plaintext <N> nesting 64KB", "<xml>" + "<N>".repeat(21_800) + "</xml>", nonces));
		hostile.add(plaintext("plaintext JSON array bomb 64KB", "{\"A\":[" + "1,".repeat(32_700) + "1]}", nonces));
		byte[] text = message.replace("</xml>", "<C>" + "x".repeat(64_800) + "</C></xml>")
			.getBytes(StandardCharsets.UTF_8);
		byte[] badUtf8 = Arrays.copyOf(text, text.length + 1);
		badUtf8[text.length] = (byte) 0xFF;
		hostile.add(plaintext("plaintext 64KB text, bad UTF-8 at the end", badUtf8, nonces));
		hostile.add(encrypted("unsigned envelope <A/> bomb 64KB", envelope(captured, bomb.substring(0, 64_000)),
				captured, false, nonces));
		hostile.add(encrypted("unsigned JSON envelope, 64KB array",
				("{\"ToUserName\":\"gh_test\",\"A\":[" + "1,".repeat(31_800) + "1],\"Encrypt\":\"" + captured + "\"}"),
				captured, false, nonces));
		hostile.add(encrypted("signed envelope with a captured Encrypt and a <A/> bomb",
				envelope(captured, bomb.substring(0, 64_000)), captured, true, nonces));
		hostile.add(encrypted("signed inner <A/> bomb 48KB", envelope(innerBomb, ""), innerBomb, true, nonces));
		hostile.add(encrypted("signed 47KB ciphertext with bad padding", envelope(badPadding, ""), badPadding, true,
				nonces));
		hostile.add(plaintext("oversize 70KB", "<xml>" + "<A/>".repeat(17_500) + "</xml>", nonces));
		return hostile;
	}

	private Hostile plaintext(String name, String body, AtomicInteger nonces) {
		return plaintext(name, body.getBytes(StandardCharsets.UTF_8), nonces);
	}

	private Hostile plaintext(String name, byte[] bytes, AtomicInteger nonces) {
		return new Hostile(name, (now) -> {
			String ts = Long.toString(now);
			String nonce = "x" + nonces.incrementAndGet();
			return request(
					"signature=" + WechatSignature.compute(TOKEN, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce,
					bytes);
		});
	}

	private Hostile encrypted(String name, String body, String encrypt, boolean signed, AtomicInteger nonces) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return new Hostile(name, (now) -> {
			String ts = Long.toString(now);
			String nonce = "x" + nonces.incrementAndGet();
			return request("signature=" + WechatSignature.compute(TOKEN, ts, nonce) + "&timestamp=" + ts + "&nonce="
					+ nonce + "&encrypt_type=aes&msg_signature="
					+ WechatSignature.compute(TOKEN, ts, nonce, signed ? encrypt : encrypt + "x"), bytes);
		});
	}

	private HttpRequest request(String query, byte[] body) {
		return HttpRequest.newBuilder(URI.create(url(query)))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "text/xml")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	private static String envelope(String encrypt, String insertion) {
		return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName>" + insertion + "<Encrypt><![CDATA[" + encrypt
				+ "]]></Encrypt></xml>";
	}

	/**
	 * WeChat's frame, random(16) || length || message || appid, PKCS#7 over 32-byte
	 * blocks, with the all-zero key.
	 */
	private static String encrypt(byte[] message) {
		byte[] appId = APP_ID.getBytes(StandardCharsets.UTF_8);
		int size = 20 + message.length + appId.length;
		int padding = 32 - size % 32;
		ByteBuffer frame = ByteBuffer.allocate(size + padding);
		frame.put(new byte[16]).putInt(message.length).put(message).put(appId);
		for (int i = 0; i < padding; i++) {
			frame.put((byte) padding);
		}
		return Base64.getEncoder().encodeToString(aes(frame.array()));
	}

	private static byte[] aes(byte[] plain) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"),
					new IvParameterSpec(Arrays.copyOfRange(KEY, 0, 16)));
			return cipher.doFinal(plain);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
