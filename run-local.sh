#!/usr/bin/env bash
# Runs the pipeline locally on its embedded default: an in-process Kafka broker (KRaft) and the receiver with the demo
# account "demo" (see receiver/src/test/resources/application-local.yml). Needs only a JDK 17+ and Maven.
# Extra Spring Boot arguments are passed on, e.g. ./run-local.sh --server.port=9090
# Stop with Ctrl-C (or SIGTERM): the receiver stops first, then the broker.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
mvn -B -q -pl receiver dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/local.classpath
exec java -cp "receiver/target/test-classes:receiver/target/classes:$(cat receiver/target/local.classpath)" \
  io.saoma.receiver.LocalReceiver "$@"
