/**
 * Scan to login, end to end ({@code ./bench.sh login}): logins started through the login
 * processor's API against a fake WeChat API, SCAN pushes through the receiver at fixed
 * rates, {@code SUCCEEDED} read from {@code wechat.logins} (read_committed) and over SSE.
 */
package io.saoma.bench.endtoend;
