package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.InternalRouter;
import io.javalin.security.RouteRole;
import java.util.function.Supplier;

/**
 * Checks every request against the {@link Access} its route declares, before the handler runs: no
 * token, an unknown or a revoked one is a 401; a token whose role the route does not allow is a
 * 403. Either way the handler never runs, so nothing changes.
 *
 * <p>Routes declare their access where they are registered. A route that declares none is
 * admin-only (closed by default). Requests that match no route but a dashboard file are open.
 *
 * <p>Every user route under {@code /api/v1/jobs/{id}} is also checked here against
 * {@link Ownership#job}: a submit token gets a 404 for another token's job before any handler runs,
 * so a job route added later is covered without calling anything itself.
 */
final class AccessControl {
  private static final String JOB_ROUTES = Api.V1 + "/jobs/";
  private final TokenAuthenticator authenticator;
  private final Supplier<InternalRouter> router;
  private final Ownership ownership;

  /** {@code router} is read per request: it exists only once the server is built. */
  AccessControl(TokenAuthenticator authenticator, Supplier<InternalRouter> router, Ownership ownership) {
    this.authenticator = authenticator;
    this.router = router;
    this.ownership = ownership;
  }

  void install(RoutesConfig routes) {
    routes.beforeMatched(this::check);
  }

  private void check(Context ctx) {
    Access access = accessOf(ctx);
    if (access == Access.OPEN) {
      return;
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(ctx.header("Authorization"));
    } catch (ApiException e) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"relayq\"");
      throw e;
    }
    if (!access.allows(caller.role())) {
      throw new ApiException(403, "forbidden", "the token '" + caller.tokenName() + "' has role "
          + caller.role().wireName() + "; " + ctx.method() + " " + ctx.path() + " needs a token of role "
          + access.rolesText());
    }
    caller.attachTo(ctx);
    if (access != Access.WORKER && ctx.path().startsWith(JOB_ROUTES) && ctx.pathParamMap().containsKey("id")) {
      ownership.requireJobVisible(caller, JobRoutes.jobId(ctx));
    }
  }

  private Access accessOf(Context ctx) {
    for (RouteRole role : ctx.routeRoles()) {
      if (role instanceof Access a) {
        return a;
      }
    }
    // Matched, but no route declared access: a route that forgot (closed), or a dashboard file (open).
    return router.get().hasHttpHandlerEntry(ctx.method(), ctx.path()) ? Access.ADMIN : Access.OPEN;
  }
}
