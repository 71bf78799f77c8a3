package io.relayq.store;

import io.relayq.core.auth.TokenRole;
import java.time.Instant;

/**
 * A token as stored: never its text, only its hash.
 *
 * @param lastUsedAt when a request last came with it (kept roughly: a coordinator writes it at most
 *     once a minute per token), or null when never used
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record TokenRecord(String name, TokenRole role, String hash, Instant createdAt, Instant lastUsedAt,
    Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
