package io.relayq.coordinator;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * Serves the web dashboard: static files from {@code /dashboard} in the jar at {@code /} (no build
 * step; plain HTML, CSS and JavaScript modules). The Content-Security-Policy allows scripts, styles
 * and connections to this origin only and no inline script, so text that reaches the page (job
 * commands, output) can never run as code even if a bug rendered it as markup.
 */
final class Dashboard {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";

  private Dashboard() {}

  static void install(JavalinConfig cfg) {
    cfg.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/dashboard";
      files.location = Location.CLASSPATH;
      // Small files: always revalidate, so an upgraded coordinator never serves a stale mix.
      files.headers = Map.of(
          "Cache-Control", "no-cache",
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer");
    });
  }
}
