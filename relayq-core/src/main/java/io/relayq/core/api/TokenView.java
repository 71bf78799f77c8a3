package io.relayq.core.api;

import java.time.Instant;

/**
 * A token as the API lists it: never its text, never its hash.
 *
 * @param lastUsedAt when a request last came with it (to the minute), or null when never used
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record TokenView(String name, String role, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}
