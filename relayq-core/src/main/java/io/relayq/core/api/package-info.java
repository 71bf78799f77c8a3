/**
 * The records that cross the wire between coordinator, workers and clients (HTTP API {@code /api/v1}).
 * Shared by both sides so the protocol is written down once; see {@code docs/protocol.md}.
 */
package io.relayq.core.api;
