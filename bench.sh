#!/usr/bin/env bash
# Benchmarks (not part of the test command); see BENCHMARKS.md.
#   ./bench.sh receiver   open-loop load against the receiver on an in-process KRaft broker, and against the peer
#                         endpoint (bench-peer: Spring Boot MVC + WxJava, no durable write) in the same run
#                         (JAVA_OPTS: -Dbench.rates=1000,2000 -Dbench.warmup=5 -Dbench.seconds=15 -Dbench.jfr=true
#                          -Dbench.targets=receiver,peer ...)
#   ./bench.sh forwarder  the forwarder's relay to a fake Authing: drain rate of a backlog, added latency at a fixed rate
#                         (JAVA_OPTS: -Dbench.events=100000 -Dbench.rate=1000 -Dbench.delay-ms=0 -Dbench.forwarder-args=...
#                          -Dbench.forwarder-jvm="-XX:StartFlightRecording=filename=/tmp/f.jfr")
#   ./bench.sh login      scan -> login end to end: broker, receiver and login processor (child JVMs), fake WeChat API
#                         (JAVA_OPTS: -Dbench.steps=cold:200:30,lone:2:30 -Dbench.login-jvm=-XX:AOTCache=... ;
#                         JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java runs every JVM of it on Temurin 25)
#   ./bench.sh decode     JMH: the receiver's decode beside WxJava's (bench/jmh-decode.sh; JMH options may follow)
#   ./bench.sh decode-cpu the same comparison in CPU time of the decoding thread, for a busy machine
#                         (JAVA_OPTS: -Dbench.rounds=15 -Dbench.ops=2000 -Dbench.warmup=30000)
#   ./bench.sh all        every section above but decode-cpu, one after the other (about 20 minutes); each section's
#                         output also goes to bench/target/all-<section>.txt and a failing section does not stop the rest
# MVN_FLAGS=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")"

machine() {
  echo "machine: $(nproc) cores, $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -1
}

classpath() {
  # bench-peer too: the peer endpoint's own class path (runtime scope, see its pom), never on the receiver's
  mvn -B -q ${MVN_FLAGS:-} -pl bench,bench-peer -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
  echo "bench/target/classes:$(cat bench/target/classpath.txt)"
}

case "${1:-}" in
  all)
    mkdir -p bench/target
    failed=()
    for section in decode receiver login forwarder; do
      echo "=== ./bench.sh $section ($(date -u +%H:%M:%S) UTC) ==="
      if ! "$0" "$section" 2>&1 | tee "bench/target/all-$section.txt"; then
        failed+=("$section")
      fi
    done
    if (( ${#failed[@]} )); then
      echo "sections that failed: ${failed[*]}" >&2
      exit 1
    fi
    echo "every section ran: bench/target/all-*.txt"
    ;;
  receiver)
    machine
    cp="$(classpath)"
    peer_cp="$(pwd)/bench-peer/target/classes:$(cat bench-peer/target/classpath.txt)"
    # bounded: at most 5 steps of (warm-up + measured + 20 s drain) per target, plus start-up
    timeout 900 java -Xmx1g "-Dbench.peer.classpath=$peer_cp" ${JAVA_OPTS:-} -cp "$cp" io.saoma.bench.load.ReceiverUnderLoad
    ;;
  forwarder)
    machine
    cp="$(classpath)"
    # bounded: forwarder start (≤ 120 s) + drain (≤ 180 s) + latency run and its wait (defaults: 25 + ≤ 60 s)
    timeout 600 java -Xmx512m ${JAVA_OPTS:-} -cp "$cp" io.saoma.bench.forwarder.ForwarderUnderLoad
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
  decode-cpu)
    machine
    cp="$(classpath)"
    timeout 600 java -Xms256m -Xmx256m ${JAVA_OPTS:-} -cp "$cp" io.saoma.bench.decode.DecodeCpuTime
    ;;
  *)
    echo "usage: $0 all|decode|decode-cpu|receiver|login|forwarder" >&2
    exit 2
    ;;
esac
