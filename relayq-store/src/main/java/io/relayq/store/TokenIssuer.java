package io.relayq.store;

import io.relayq.core.auth.ApiTokens;
import io.relayq.core.auth.TokenHash;
import io.relayq.core.auth.TokenRole;
import java.time.Instant;

/** Makes a new token and records its hash: the one way tokens come to exist. */
public final class TokenIssuer {
  private TokenIssuer() {}

  /**
   * Creates a token and returns its text, the only time it is known: the store keeps its hash.
   *
   * @throws IllegalArgumentException when the name is not a valid token name
   * @throws TokenNameTakenException when a token that is not revoked has the name
   */
  public static String issue(JobStore store, String name, TokenRole role, Instant now) {
    ApiTokens.checkName(name);
    String token = ApiTokens.generate();
    store.createToken(new NewToken(name, role, TokenHash.of(token), now));
    return token;
  }
}
