package io.relayq.core.api;

import java.time.Instant;

/**
 * A token just created: the only answer that ever carries a token's text. Only its hash is kept,
 * so a lost token cannot be shown again; revoke it and create another.
 */
public record IssuedToken(String name, String role, Instant createdAt, String token) {}
