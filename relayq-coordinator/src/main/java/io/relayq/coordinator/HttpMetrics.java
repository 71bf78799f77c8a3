package io.relayq.coordinator;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Duration;

/** Times every HTTP request into {@code relayq_http_requests_seconds}, labelled by route template. */
final class HttpMetrics {
  private HttpMetrics() {}

  static void install(JavalinConfig cfg, CoordinatorMetrics metrics) {
    cfg.requestLogger.http((ctx, ms) -> metrics.httpRequest(ctx.method().name(), route(ctx), ctx.statusCode(),
        Duration.ofNanos((long) (ms * 1_000_000))));
  }

  /**
   * The route template, so {@code /api/v1/jobs/j_1} and {@code /api/v1/jobs/j_2} are one series.
   * Requests no route matched are the dashboard's files, or unknown paths.
   */
  private static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint != null) {
      return endpoint.path;
    }
    return ctx.statusCode() < 400 ? "dashboard" : "unmatched";
  }
}
