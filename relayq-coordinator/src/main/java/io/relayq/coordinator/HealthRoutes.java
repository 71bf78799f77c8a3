package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.store.JobStore;
import java.util.Map;

/**
 * Liveness ({@code /healthz}: the process answers) and readiness ({@code /readyz}: the store answers
 * too; 503 {@code store_unavailable} otherwise). Served at the root, where probes look, and under
 * {@code /api/v1} for clients that only know the API prefix.
 */
final class HealthRoutes {
  private final JobStore store;

  HealthRoutes(JobStore store) {
    this.store = store;
  }

  void register(RoutesConfig routes) {
    for (String prefix : new String[] {"", Api.V1}) {
      routes.get(prefix + "/healthz", ctx -> ctx.json(Map.of("status", "ok")), Access.OPEN);
      routes.get(prefix + "/readyz", this::ready, Access.OPEN);
    }
  }

  private void ready(Context ctx) {
    store.checkHealth();
    ctx.json(Map.of("status", "ready"));
  }
}
