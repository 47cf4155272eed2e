#!/usr/bin/env bash
# Runs the pipeline locally on its embedded default: an in-process Kafka broker (KRaft) and the receiver with the demo
# account "demo" (see receiver/src/test/resources/application-local.yml). Needs only a JDK 17+ and Maven.
# Extra Spring Boot arguments are passed on, e.g. ./run-local.sh --server.port=9090
# Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
exec mvn -B -q -pl receiver spring-boot:test-run \
  -Dspring-boot.run.main-class=io.saoma.receiver.LocalReceiver \
  -Dspring-boot.run.arguments="$*"
