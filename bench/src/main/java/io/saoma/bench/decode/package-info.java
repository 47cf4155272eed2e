/**
 * JMH: the receiver's decode of a safe-mode push beside WxJava's, on the same inputs.
 */
package io.saoma.bench.decode;
