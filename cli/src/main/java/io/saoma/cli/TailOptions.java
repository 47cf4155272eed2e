package io.saoma.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@code saoma tail} was asked for, checked and parsed.
 *
 * @param topic the topic to read
 * @param bootstrapServers the brokers
 * @param account only records of this account, or {@code null} for all
 * @param type only records of this type (case-insensitive), or {@code null} for all
 * @param since start at the first record at or after this time, or {@code null} for the
 * beginning
 * @param follow keep reading new records until stopped, instead of stopping at the end
 * offsets taken at the start
 * @param count print one summary instead of the records
 * @param max stop after this many records, or {@code null} for no limit
 * @param timeout how long Kafka may take to answer before the tail gives up
 */
record TailOptions(String topic, String bootstrapServers, String account, String type, Instant since, boolean follow,
		boolean count, Long max, Duration timeout) {

	boolean matchesAccount(String recordAccount) {
		return this.account == null || this.account.equals(recordAccount);
	}

	boolean matchesType(String recordType) {
		return this.type == null || this.type.equalsIgnoreCase(recordType);
	}

	boolean filtered() {
		return this.account != null || this.type != null;
	}

}
