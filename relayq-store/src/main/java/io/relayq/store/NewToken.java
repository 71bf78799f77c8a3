package io.relayq.store;

import io.relayq.core.auth.TokenRole;
import java.time.Instant;

/**
 * A token to record: its name, role and the {@link io.relayq.core.auth.TokenHash} of its text (the
 * text itself is never stored).
 */
public record NewToken(String name, TokenRole role, String hash, Instant createdAt) {}
