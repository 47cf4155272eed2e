#!/usr/bin/env bash
# Benchmarks (not part of the test command); see BENCHMARKS.md.
#   ./bench.sh receiver   open-loop load against the receiver on an in-process KRaft broker
#                         (JAVA_OPTS: -Dbench.rates=1000,2000 -Dbench.warmup=5 -Dbench.seconds=15 -Dbench.jfr=true ...)
#   ./bench.sh login      scan -> login end to end: broker, receiver and login processor (child JVMs), fake WeChat API
#                         (JAVA_OPTS: -Dbench.steps=cold:200:30,lone:2:30 -Dbench.login-jvm=-XX:AOTCache=... ;
#                         JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java runs every JVM of it on Temurin 25)
#   ./bench.sh decode     JMH: the receiver's decode beside WxJava's (bench/jmh-decode.sh; JMH options may follow)
# MVN_FLAGS=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")"

machine() {
  echo "machine: $(nproc) cores, $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -1
}

classpath() {
  mvn -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
  echo "bench/target/classes:$(cat bench/target/classpath.txt)"
}

case "${1:-}" in
  receiver)
    machine
    cp="$(classpath)"
    # bounded: at most 5 steps of (warm-up + measured + 20 s drain), plus start-up
    timeout 900 java -Xmx512m ${JAVA_OPTS:-} -cp "$cp" io.saoma.bench.load.ReceiverUnderLoad
    ;;
  login)
    machine
    cp="$(classpath)"
    # bounded: start-up (<= 2 min) + the default steps (~4 min); 15 min is the hard stop
    timeout 900 "${JAVA:-java}" -Xmx1g ${JAVA_OPTS:-} -cp "$cp" io.saoma.bench.endtoend.ScanToLogin
    ;;
  decode)
    shift
    exec bench/jmh-decode.sh "$@"
    ;;
  *)
    echo "usage: $0 receiver|decode|login" >&2
    exit 2
    ;;
esac
