/**
 * {@code ./bench.sh forwarder}: the forwarder's relay to Authing on a real broker, as a
 * child JVM, against a fake Authing endpoint: the drain rate of a backlog and the latency
 * the relay adds at a fixed rate.
 */
package io.saoma.bench.forwarder;
