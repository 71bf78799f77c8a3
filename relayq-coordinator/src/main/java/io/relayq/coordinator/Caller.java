package io.relayq.coordinator;

import io.javalin.http.Context;
import io.relayq.core.auth.TokenRole;

/**
 * The token a request came with, as {@link AccessControl} found it: routes ask it who is calling
 * (to record who submitted a job, or to check that a worker acts on its own leases).
 *
 * @param tokenName the name the token was created with
 */
record Caller(String tokenName, TokenRole role) {
  private static final String ATTRIBUTE = "relayq.caller";

  boolean isAdmin() {
    return role == TokenRole.ADMIN;
  }

  void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /**
   * The caller of a request to a route that needs a token.
   *
   * @throws IllegalStateException on an open route, where nobody was authenticated
   */
  static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("no caller on " + ctx.method() + " " + ctx.path() + ": the route is open");
    }
    return caller;
  }
}
