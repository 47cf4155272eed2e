/**
 * Benchmarks of the pipeline: not part of the test command (see BENCHMARKS.md).
 */
package io.saoma.bench;
