#!/usr/bin/env bash
# JMH: the receiver's decode beside WxJava's, one run (see BENCHMARKS.md).
# Usage (from the repo root): bench/jmh-decode.sh [JMH options]
#   no options: DecodeBenchmark -prof gc with the class's settings (1 fork, 3x2 s warm-up, 5x2 s measurement)
#   e.g. bench/jmh-decode.sh DecodeBenchmark -prof gc -f 1 -wi 3 -w 2s -i 5 -r 2s
# Not part of `mvn verify`. MVN_FLAGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$(pwd)/bench/target/bench.classpath"
# one reactor build: each module writes the file, bench (last) wins
mvn -B -q ${MVN_FLAGS:-} -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
exec timeout 900 java -cp "bench/target/classes:$(cat "$cp_file")" io.saoma.bench.decode.DecodeBenchmark "$@"
