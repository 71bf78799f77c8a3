package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format. Gauges come from the cluster
 * snapshot, refreshed first when it is older than a second, so scrapes see current numbers while
 * a burst of scrapes still reads the store at most once a second.
 */
final class MetricsRoutes {
  /** The Prometheus text exposition format every Prometheus version reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final CoordinatorMetrics metrics;
  private final ClusterSnapshots snapshots;

  MetricsRoutes(CoordinatorMetrics metrics, ClusterSnapshots snapshots) {
    this.metrics = metrics;
    this.snapshots = snapshots;
  }

  void register(RoutesConfig routes) {
    routes.get("/metrics", this::scrape, Access.READ);
  }

  private void scrape(Context ctx) {
    QueryParams.of(ctx, Set.of());
    snapshots.fresh(MAX_AGE);
    ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
  }
}
