package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.api.IssuedToken;
import io.relayq.core.api.TokenList;
import io.relayq.core.api.TokenRequest;
import io.relayq.core.api.TokenView;
import io.relayq.core.auth.ApiTokens;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import io.relayq.store.TokenIssuer;
import io.relayq.store.TokenNameTakenException;
import io.relayq.store.TokenRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

/**
 * Token management, admin only: create (the one answer that carries a token's text), list (names,
 * roles and times; never a token or its hash) and revoke. A revocation applies to this
 * coordinator's next request; others sharing the store stop accepting the token within
 * {@link TokenAuthenticator#CACHE_FOR}.
 */
final class TokenRoutes {
  private final JobStore store;
  private final InstantSource clock;
  private final RequestBodies bodies;
  private final TokenAuthenticator authenticator;

  TokenRoutes(JobStore store, InstantSource clock, RequestBodies bodies, TokenAuthenticator authenticator) {
    this.store = store;
    this.clock = clock;
    this.bodies = bodies;
    this.authenticator = authenticator;
  }

  void register(RoutesConfig routes) {
    routes.post(Api.V1 + "/tokens", this::create, Access.ADMIN);
    routes.get(Api.V1 + "/tokens", this::list, Access.ADMIN);
    routes.delete(Api.V1 + "/tokens/{name}", this::revoke, Access.ADMIN);
  }

  private void create(Context ctx) {
    QueryParams.of(ctx, Set.of());
    TokenRequest req = bodies.json(ctx, TokenRequest.class, "{\"name\": \"ci\", \"role\": \"submit\"}");
    if (req.name() == null || !ApiTokens.isValidName(req.name())) {
      throw ApiException.invalidField("name: " + (req.name() == null ? "required" : "'" + req.name() + "' is not a"
          + " token name") + "; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (req.role() == null) {
      throw ApiException.invalidField("role: required (admin, submit, read or worker)");
    }
    TokenRole role;
    try {
      role = TokenRole.fromWire(req.role());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("role: " + e.getMessage());
    }
    Instant now = clock.instant();
    String token;
    try {
      token = TokenIssuer.issue(store, req.name(), role, now);
    } catch (TokenNameTakenException e) {
      throw ApiException.conflict("token_name_taken", e.getMessage());
    }
    ctx.status(201).json(new IssuedToken(req.name(), role.wireName(), now, token));
  }

  private void list(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(new TokenList(store.listTokens().stream().map(TokenRoutes::view).toList()));
  }

  private void revoke(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = ctx.pathParam("name");
    if (!ApiTokens.isValidName(name)) {
      throw ApiException.invalidId("'" + name + "' is not a token name");
    }
    if (!store.revokeToken(name, clock.instant())) {
      throw ApiException.notFound("no valid token named '" + name + "' (relayq token list shows them)");
    }
    authenticator.forgetCached();
    TokenRecord revoked = store.listTokens().stream().filter(t -> t.name().equals(name) && t.revoked())
        .reduce((a, b) -> b).orElseThrow();
    ctx.json(view(revoked));
  }

  private static TokenView view(TokenRecord t) {
    return new TokenView(t.name(), t.role().wireName(), t.createdAt(), t.lastUsedAt(), t.revokedAt());
  }
}
