package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.relayq.core.api.ErrorBody;
import io.relayq.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into the API's error shape {@code {"error":{"code","message"}}}:
 * our own {@link ApiException}s, Javalin's 404/405 for unknown routes, store outages (503) and bugs
 * (500, logged with their stack trace).
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void install(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> render(ctx, e.status(), e.code(), e.getMessage()));
    routes.exception(HttpResponseException.class, ErrorResponses::renderJavalin);
    routes.exception(StoreException.class, (e, ctx) -> {
      log.warn("store unavailable for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      render(ctx, 503, "store_unavailable", "the store cannot answer now, nothing was changed: " + e.getMessage());
    });
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("internal error on {} {}", ctx.method(), ctx.path(), e);
      render(ctx, 500, "internal",
          "internal error (" + e.getClass().getSimpleName() + "); please report it with the coordinator log");
    });
  }

  static void render(Context ctx, int status, String code, String message) {
    if (ctx.res().isCommitted()) {
      // A stream already started (raw output, SSE): an error body would corrupt it, so the
      // response just ends and the client resumes or retries.
      log.warn("{} {} failed after its response started, so it was cut short: {} {}", ctx.method(), ctx.path(),
          code, message);
      return;
    }
    ctx.status(status).json(ErrorBody.of(code, message));
  }

  private static void renderJavalin(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 -> render(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path()
          + " (the API is under /api/v1, see docs/protocol.md)");
      case 405 -> render(ctx, 405, "method_not_allowed", "method " + ctx.method() + " is not allowed on "
          + ctx.path() + " (allowed: " + String.join(", ", e.getDetails().values()) + ")");
      case 413 -> render(ctx, 413, "too_large", e.getMessage());
      case 415 -> render(ctx, 415, "unsupported_media_type", e.getMessage());
      default -> render(ctx, e.getStatus(), e.getStatus() >= 500 ? "internal" : "bad_request", e.getMessage());
    }
  }
}
