#!/usr/bin/env bash
# Creates saoma's topics on the cluster, once, with their partitions, retention and compaction. Idempotent: a topic
# that exists is left exactly as it is (Kafka cannot take partitions away, and adding some moves keys to other
# partitions), and a difference from what is declared here is reported as a warning. See deploy/README.md, "Scaling out".
#
# docker-compose.yml runs it in the apache/kafka image (service kafka-topics) once Kafka is healthy; it also runs
# anywhere the Kafka command-line tools are installed:
#   BOOTSTRAP_SERVERS=broker:9092 KAFKA_BIN=/opt/kafka/bin deploy/create-topics.sh
#
# Settings (environment):
#   BOOTSTRAP_SERVERS        the cluster (kafka:9092)
#   KAFKA_BIN                where kafka-topics.sh is (/opt/kafka/bin)
#   EVENTS_PARTITIONS        wechat.events, its fan-out topics and wechat.forwarder.dlt (6): the most useful consumers
#                            per consumer group, e.g. forwarder instances x forwarder.relay.concurrency
#   LOGIN_PARTITIONS         wechat.qr-tickets, wechat.login-status, wechat.login-redemptions, wechat.logins (6): the most useful login-processor
#                            instances
#   RELAY_RETRY_PARTITIONS   wechat.events.authing-relay-dlt (3): must equal the forwarder's
#                            forwarder.retry.topic-partitions, or the forwarder adds partitions at start-up
#   REPLICATION_FACTOR       replicas of every topic (1: one broker)
#   RETENTION_DAYS           wechat.events, wechat.logins and the fan-out topics (7)
#   DLT_RETENTION_DAYS       the dead-letter topics (30)
#   JSON_MIRROR              true: also the JSON mirror's topics wechat.json.* (false); set it with the forwarder's
#                            forwarder.fanout.json-mirror.enabled
set -euo pipefail

BOOTSTRAP_SERVERS="${BOOTSTRAP_SERVERS:-kafka:9092}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
EVENTS_PARTITIONS="${EVENTS_PARTITIONS:-6}"
LOGIN_PARTITIONS="${LOGIN_PARTITIONS:-6}"
RELAY_RETRY_PARTITIONS="${RELAY_RETRY_PARTITIONS:-3}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"
RETENTION_DAYS="${RETENTION_DAYS:-7}"
DLT_RETENTION_DAYS="${DLT_RETENTION_DAYS:-30}"
JSON_MIRROR="${JSON_MIRROR:-false}"

DAY_MS=86400000
RETENTION="retention.ms=$((RETENTION_DAYS * DAY_MS))"
DLT_RETENTION="retention.ms=$((DLT_RETENTION_DAYS * DAY_MS))"
# compacted topics roll a segment every hour, so used tickets and old statuses are compacted away (the active segment
# never is); tombstones stay a day, long enough for every consumer to see them
COMPACTED=(cleanup.policy=compact segment.ms=3600000 "delete.retention.ms=$DAY_MS" min.cleanable.dirty.ratio=0.1)

kafka_topics() {
	"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" "$@"
}

existing=""
for attempt in $(seq 1 30); do
	if existing="$(kafka_topics --list 2>/dev/null)"; then
		break
	fi
	if [ "$attempt" -eq 30 ]; then
		echo "create-topics: Kafka at $BOOTSTRAP_SERVERS did not answer; no topic created" >&2
		exit 1
	fi
	echo "create-topics: waiting for Kafka at $BOOTSTRAP_SERVERS ($attempt/30)"
	sleep 2
done

declared=()

# create <topic> <partitions> [config=value ...]
create() {
	local topic="$1" partitions="$2"
	shift 2
	declared+=("$topic $partitions $*")
	if grep -qxF "$topic" <<<"$existing"; then
		return
	fi
	local configs=()
	for config in "$@"; do
		configs+=(--config "$config")
	done
	kafka_topics --create --if-not-exists --topic "$topic" --partitions "$partitions" \
		--replication-factor "$REPLICATION_FACTOR" "${configs[@]}" >/dev/null
	echo "create-topics: created $topic (partitions=$partitions${*:+ $*})"
}

# every verified push; key appid:openid
create wechat.events "$EVENTS_PARTITIONS" "$RETENTION"
# login processor: pending tickets (its partition count is the login processor's parallelism), browser-facing status
# (holds one-time codes), results for login services, records it cannot decode
create wechat.qr-tickets "$LOGIN_PARTITIONS" "${COMPACTED[@]}"
create wechat.login-status "$LOGIN_PARTITIONS" "${COMPACTED[@]}"
# redemption requests, decided by the status task: co-partitioned with wechat.login-status, needed for seconds only
# (the login processor creates it the same way if it is missing)
create wechat.login-redemptions "$LOGIN_PARTITIONS" "retention.ms=$DAY_MS"
create wechat.logins "$LOGIN_PARTITIONS" "$RETENTION"
create wechat.login-processor.dlt 1 "$DLT_RETENTION"
# the login funnel for analysts: the latest count of each account and window, keyed <account>/<size>/<window start>
create wechat.login-funnel "$LOGIN_PARTITIONS" "${COMPACTED[@]}"
# forwarder: pushes the relay to Authing gave up on (re-driven with POST /actuator/relaydlt), records the fan-out
# cannot decode; its retry topics wechat.events.authing-relay-retry-<n> are created by the forwarder
create wechat.events.authing-relay-dlt "$RELAY_RETRY_PARTITIONS" "$DLT_RETENTION"
create wechat.forwarder.dlt "$EVENTS_PARTITIONS" "$DLT_RETENTION"
# fan-out for analytics: one topic per type, same key and partitions as wechat.events
create wechat.events.subscribe "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.unsubscribe "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.scan "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.location "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.click "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.view "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.templatesendjobfinish "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.text "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.image "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.voice "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.video "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.shortvideo "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.location "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.messages.link "$EVENTS_PARTITIONS" "$RETENTION"
create wechat.events.other "$EVENTS_PARTITIONS" "$RETENTION"
# JSON mirror of the fan-out (forwarder.fanout.json-mirror.enabled): the same pushes as JSON objects, one topic per
# fan-out topic, same key and partitions
if [ "$JSON_MIRROR" = "true" ]; then
	create wechat.json.events.subscribe "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.unsubscribe "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.scan "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.location "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.click "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.view "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.templatesendjobfinish "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.text "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.image "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.voice "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.video "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.shortvideo "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.location "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.messages.link "$EVENTS_PARTITIONS" "$RETENTION"
	create wechat.json.events.other "$EVENTS_PARTITIONS" "$RETENTION"
fi

# report topics that differ from the declaration (partitions, compaction); they are not changed
description="$(kafka_topics --describe --exclude-internal)"
warnings=0
for entry in "${declared[@]}"; do
	read -r topic partitions configs <<<"$entry"
	line="$(grep -E "^Topic: ${topic//./\\.}[[:space:]]" <<<"$description" || true)"
	if [ -z "$line" ]; then
		echo "create-topics: $topic is missing after creation" >&2
		exit 1
	fi
	actual="$(sed -E 's/.*PartitionCount: *([0-9]+).*/\1/' <<<"$line")"
	if [ "$actual" != "$partitions" ]; then
		echo "create-topics: WARNING $topic has $actual partitions, $partitions declared; left unchanged (deploy/README.md, Scaling out)" >&2
		warnings=$((warnings + 1))
	fi
	if [[ " $configs " == *" cleanup.policy=compact "* && "$line" != *"cleanup.policy=compact"* ]]; then
		echo "create-topics: WARNING $topic should be compacted (cleanup.policy=compact) but is not; fix with kafka-configs.sh --alter" >&2
		warnings=$((warnings + 1))
	fi
done
echo "create-topics: ${#declared[@]} topics ready on $BOOTSTRAP_SERVERS ($warnings warnings)"
