package io.relayq.coordinator;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.relayq.core.api.TemplateList;
import io.relayq.core.template.JobTemplate;
import io.relayq.core.template.TemplateCatalog;
import java.util.Set;

/**
 * The job templates this coordinator knows, with their parameter schemas: {@code GET /templates}
 * and {@code GET /templates/{name}}. Jobs name a template on the usual submit endpoint.
 */
final class TemplateRoutes {
  private final TemplateCatalog catalog;

  TemplateRoutes(TemplateCatalog catalog) {
    this.catalog = catalog;
  }

  void register(RoutesConfig routes) {
    routes.get(Api.V1 + "/templates", this::list, Access.READ);
    routes.get(Api.V1 + "/templates/{name}", this::one, Access.READ);
  }

  private void list(Context ctx) {
    QueryParams.of(ctx, Set.of());
    ctx.json(new TemplateList(catalog.all().stream().map(JobTemplate::view).toList()));
  }

  private void one(Context ctx) {
    QueryParams.of(ctx, Set.of());
    String name = ctx.pathParam("name");
    JobTemplate t = catalog.find(name).orElseThrow(() -> ApiException.notFound("no template named '"
        + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "' (known: "
        + String.join(", ", catalog.all().stream().map(JobTemplate::name).toList()) + ")"));
    ctx.json(t.view());
  }
}
