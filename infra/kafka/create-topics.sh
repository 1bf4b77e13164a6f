#!/usr/bin/env bash
# Creates the platform's Kafka topics (idempotent). Partition counts and settings follow the README's topic table
# and contracts' Topics.java; per-tenant findings topics are created on demand by findings-service.
# Usage: create-topics.sh <bootstrap servers> [client properties file for TLS/SASL]
set -euo pipefail
BOOTSTRAP="${1:?bootstrap servers}"
CONFIG_ARGS=()
if [[ -n "${2:-}" ]]; then CONFIG_ARGS=(--command-config "$2"); fi
KAFKA_TOPICS="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"

create() { # name partitions [config ...]
  local name="$1" partitions="$2"; shift 2
  local configs=()
  for c in "$@"; do configs+=(--config "$c"); done
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" "${CONFIG_ARGS[@]}" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION" "${configs[@]}"
}

DAY_MS=86400000
create canopy.inventory.v1 12 cleanup.policy=delete retention.ms=$((7 * DAY_MS))
create canopy.content.v1 12 max.message.bytes=1048576 retention.ms=$((3 * DAY_MS))
# threat detections (findings' Kafka Streams processor; its internal repartition/changelog topics it creates itself)
create canopy.detections.v1 12 retention.ms=$((30 * DAY_MS))
create canopy.findings.v1 12 retention.ms=$((30 * DAY_MS))
create canopy.notices.v1 3
create canopy.dlq.inventory-service 3 retention.ms=$((30 * DAY_MS))
create canopy.dlq.findings-service 3 retention.ms=$((30 * DAY_MS))
create canopy.dlq.notifier-service 3 retention.ms=$((30 * DAY_MS))
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" "${CONFIG_ARGS[@]}" --list
