/**
 * Benchmark only: the peer endpoint, what a Java team would deploy instead of the
 * receiver (Spring Boot MVC on Tomcat, WxJava decoding the safe-mode push, answering
 * {@code success} with no durable write).
 */
package io.saoma.bench.peer;
