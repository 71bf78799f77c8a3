package io.relayq.core.api;

/**
 * {@code POST /api/v1/tokens}: a new token.
 *
 * @param name unique among tokens that are not revoked: letters, digits, {@code . _ -}, at most 64
 * @param role {@code admin}, {@code submit}, {@code read} or {@code worker}
 */
public record TokenRequest(String name, String role) {}
