package io.relayq.coordinator;

import io.javalin.security.RouteRole;
import io.relayq.core.auth.TokenRole;

/**
 * Who may call a route, declared where the route is registered:
 * {@code routes.get(path, handler, Access.READ)}. {@link AccessControl} checks it before the
 * handler runs. A route registered without an {@code Access} is {@link #ADMIN} only, so a route
 * someone forgets to declare is closed, not open.
 */
enum Access implements RouteRole {
  /** No token needed: health checks, the installer, the dashboard's static files. */
  OPEN,
  /** Looking: read, submit and admin tokens (a submit token sees only its own jobs where that applies). */
  READ,
  /** Submitting and cancelling jobs: submit and admin tokens. */
  SUBMIT,
  /** The worker protocol: worker and admin tokens. */
  WORKER,
  /** Everything else, including token management: admin tokens only. */
  ADMIN;

  boolean allows(TokenRole role) {
    return switch (this) {
      case OPEN -> true;
      case READ -> role == TokenRole.ADMIN || role == TokenRole.SUBMIT || role == TokenRole.READ;
      case SUBMIT -> role == TokenRole.ADMIN || role == TokenRole.SUBMIT;
      case WORKER -> role == TokenRole.ADMIN || role == TokenRole.WORKER;
      case ADMIN -> role == TokenRole.ADMIN;
    };
  }

  /** The roles that may call, for error messages: {@code "submit or admin"}. */
  String rolesText() {
    return switch (this) {
      case OPEN -> "no token";
      case READ -> "read, submit or admin";
      case SUBMIT -> "submit or admin";
      case WORKER -> "worker or admin";
      case ADMIN -> "admin";
    };
  }
}
