#!/usr/bin/env bash
# Runs the whole pipeline locally on its embedded default: an in-process Kafka broker (KRaft), the receiver, the login
# processor and the forwarder, a WeChat platform simulator, a fake Authing and a login page on http://localhost:8080/.
# Needs only a JDK 17+ and Maven. Stop with Ctrl-C (the applications stop first, then the broker).
# With WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY and/or AUTHING_EVENTS_URL set, the
# stack talks to the real WeChat API and Authing instead of the simulators (see README).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
mvn -B -q -pl local-stack dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/stack.classpath
exec java -cp "local-stack/target/classes:$(cat local-stack/target/stack.classpath)" io.saoma.localstack.LocalStack "$@"
