/**
 * The coordinator: the HTTP API and worker protocol of docs/protocol.md served by Javalin over a
 * {@link io.relayq.store.JobStore}, with the lease reaper, long-poll wake-ups and SSE streams.
 * {@link io.relayq.coordinator.Coordinator} and {@link io.relayq.coordinator.CoordinatorConfig} are
 * its public face; everything else is internal.
 */
package io.relayq.coordinator;
