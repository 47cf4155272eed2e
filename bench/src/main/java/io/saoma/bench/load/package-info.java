/**
 * An open-loop load generator against the receiver on a real broker: fixed request rates,
 * latency measured from each request's intended send time (coordinated omission not
 * hidden), HdrHistogram.
 */
package io.saoma.bench.load;
