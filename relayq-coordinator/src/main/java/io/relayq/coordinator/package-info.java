/**
 * The coordinator: the HTTP API and worker protocol of docs/protocol.md served by Javalin over a
 * {@link io.relayq.store.JobStore}, with the lease reaper, long-poll wake-ups and SSE streams, and
 * what makes it visible (docs/observability.md): the web dashboard, Prometheus metrics, the
 * diagnosis behind {@code relayq doctor}, and webhook alerts.
 * {@link io.relayq.coordinator.Coordinator}, {@link io.relayq.coordinator.CoordinatorConfig},
 * {@link io.relayq.coordinator.AlertConfig} and {@link io.relayq.coordinator.AlertEvent} are its
 * public face; everything else is internal.
 */
package io.relayq.coordinator;
