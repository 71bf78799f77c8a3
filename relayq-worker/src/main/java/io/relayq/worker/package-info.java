/**
 * The relayq worker agent: says hello to a coordinator, long-polls for jobs, runs each one as a
 * child process in its own process group at low priority, streams its output, renews its leases,
 * obeys cancels and fences itself when a lease cannot be renewed, and reports how each job ended.
 * Start one with {@link io.relayq.worker.WorkerAgent#start(WorkerConfig)}.
 */
package io.relayq.worker;
