/**
 * The Java client of relayq over its HTTP API ({@code /api/v1}, see {@code docs/protocol.md}):
 * {@link io.relayq.client.RelayqClient} for users and {@link io.relayq.client.WorkerProtocolClient}
 * for worker agents. Depends only on the JDK's {@code java.net.http} and {@code relayq-core}.
 */
package io.relayq.client;
