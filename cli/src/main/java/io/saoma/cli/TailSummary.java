package io.saoma.cli;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code --count} summary: how many records matched, per account, per type (per
 * outcome on {@code wechat.logins}, per state on {@code wechat.login-status}) and per
 * account and type, plus tombstones and undecodable records. Keys are sorted, so two
 * summaries compare line by line.
 */
final class TailSummary {

	private static final String NONE = "(none)";

	private final String topic;

	private final String typeLabel;

	private final Instant since;

	private long records;

	private long tombstones;

	private long undecodable;

	private final Map<String, Long> byAccount = new TreeMap<>();

	private final Map<String, Long> byType = new TreeMap<>();

	private final Map<String, Map<String, Long>> byAccountAndType = new TreeMap<>();

	TailSummary(String topic, String typeLabel, Instant since) {
		this.topic = topic;
		this.typeLabel = typeLabel;
		this.since = since;
	}

	void add(String account, String type) {
		String accountKey = (account != null) ? account : NONE;
		String typeKey = (type != null) ? type : NONE;
		this.records++;
		this.byAccount.merge(accountKey, 1L, Long::sum);
		this.byType.merge(typeKey, 1L, Long::sum);
		this.byAccountAndType.computeIfAbsent(accountKey, (key) -> new TreeMap<>()).merge(typeKey, 1L, Long::sum);
	}

	void addTombstone() {
		this.tombstones++;
	}

	void addUndecodable() {
		this.undecodable++;
	}

	ObjectNode toJson() {
		String label = Character.toUpperCase(this.typeLabel.charAt(0)) + this.typeLabel.substring(1);
		ObjectNode json = JsonNodeFactory.instance.objectNode();
		json.put("topic", this.topic);
		json.put("since", (this.since != null) ? this.since.toString() : null);
		json.put("records", this.records);
		json.put("tombstones", this.tombstones);
		json.put("undecodable", this.undecodable);
		ObjectNode accounts = json.putObject("byAccount");
		this.byAccount.forEach(accounts::put);
		ObjectNode types = json.putObject("by" + label);
		this.byType.forEach(types::put);
		ObjectNode both = json.putObject("byAccountAnd" + label);
		this.byAccountAndType.forEach((account, counts) -> {
			ObjectNode perAccount = both.putObject(account);
			counts.forEach(perAccount::put);
		});
		return json;
	}

}
