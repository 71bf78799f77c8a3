package io.relayq.cli.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Service specs as install-service builds them, for the renderer tests. */
final class Specs {
  static final Path HOME = Path.of("/home/ann");

  private Specs() {}

  static ServiceSpec worker(ServiceScope scope, int javaFeature) {
    return new ServiceSpec(ServiceKind.WORKER, scope, JavaRuntime.currentJava(), javaFeature,
        HOME.resolve(".relayq/lib/relayq.jar"), List.of("worker", "--drain-timeout", "1m"),
        scope == ServiceScope.SYSTEM ? "ann" : null, HOME, 5, "4G", "200%", Duration.ofSeconds(150),
        "/opt/homebrew/bin:/usr/bin:/bin");
  }

  static ServiceSpec server(ServiceScope scope) {
    return new ServiceSpec(ServiceKind.SERVER, scope, JavaRuntime.currentJava(), 25,
        HOME.resolve(".relayq/lib/relayq.jar"), List.of("server", "--bind", "0.0.0.0"),
        scope == ServiceScope.SYSTEM ? "ann" : null, HOME, 0, null, null, Duration.ofSeconds(30), "/usr/bin:/bin");
  }
}
