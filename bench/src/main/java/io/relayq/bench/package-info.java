/**
 * The relayq benchmark harness. {@link io.relayq.bench.Bench} starts a real coordinator and real
 * worker agents on loopback as separate JVMs, measures the scenarios of {@code bench/README.md}, and
 * writes {@code bench/results/latest.md} with PNG plots. The other mains here are the processes it
 * starts: {@link io.relayq.bench.BenchWorker} and {@link io.relayq.bench.BulkLoad}.
 */
package io.relayq.bench;
