#!/usr/bin/env bash
# Benchmarks (not part of the test command); see BENCHMARKS.md.
#   ./bench.sh receiver   open-loop load against the receiver on an in-process KRaft broker
#                         (JAVA_OPTS: -Dbench.rates=1000,2000 -Dbench.warmup=5 -Dbench.seconds=15 -Dbench.jfr=true ...)
#   ./bench.sh decode     JMH: the receiver's decode beside WxJava's (bench/jmh-decode.sh; JMH options may follow)
#   ./bench.sh decode-cpu the same comparison in CPU time of the decoding thread, for a busy machine
#                         (JAVA_OPTS: -Dbench.rounds=15 -Dbench.ops=2000 -Dbench.warmup=30000)
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
    echo "usage: $0 receiver|decode|decode-cpu" >&2
    exit 2
    ;;
esac
