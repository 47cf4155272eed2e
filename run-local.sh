#!/usr/bin/env bash
# Runs the whole pipeline locally on its embedded default: an in-process Kafka broker (KRaft), the receiver, the login
# processor and the forwarder, a WeChat platform simulator, a fake Authing and a login page on http://localhost:8080/.
# Needs only a JDK 17+ and Maven. Every port listens on 127.0.0.1 only; --bind-address=0.0.0.0 opens them to the
# network. Stop with Ctrl-C (the applications stop first, then the broker; nothing is left on disk).
# With WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY and/or AUTHING_EVENTS_URL set, the
# stack talks to the real WeChat API and Authing instead of the simulators (see README).
set -euo pipefail
cd "$(dirname "$0")"
classpath=local-stack/target/stack.classpath
build_log=local-stack/target/run-local-build.log

# Builds only when a pom or a main source changed since the last build, or a jar of the last build is gone.
needs_build() {
  [ -s "$classpath" ] || return 0
  [ -n "$(find . -path ./.git -prune -o -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
    -type f -newer "$classpath" -print -quit)" ] && return 0
  local jar
  IFS=: read -r -a jars < "$classpath"
  for jar in "${jars[@]}"; do
    [ -e "$jar" ] || return 0
  done
  return 1
}

if needs_build; then
  mkdir -p local-stack/target
  echo "Building saoma (about 15 s; log in $build_log) ..."
  if ! { mvn -B -DskipTests install \
      && mvn -B -pl local-stack dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/stack.classpath.new \
      && mv local-stack/target/stack.classpath.new "$classpath"; } > "$build_log" 2>&1; then
    tail -n 40 "$build_log" | sed $'s/\e\[[0-9;]*m//g'
    echo "The build failed; the whole log is in $build_log" >&2
    exit 1
  fi
fi
exec java -cp "local-stack/target/classes:$(cat "$classpath")" io.saoma.localstack.LocalStack "$@"
