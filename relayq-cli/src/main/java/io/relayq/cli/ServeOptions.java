package io.relayq.cli;

import io.relayq.coordinator.CoordinatorConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a coordinator listens and keeps its data: shared by {@code up} and {@code server}. */
final class ServeOptions {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + CoordinatorConfig.DEFAULT_PORT,
      description = "TCP port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = CoordinatorConfig.DEFAULT_BIND,
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
  String bind;

  @Option(names = "--retention", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      defaultValue = "${env:RELAYQ_RETENTION:-14d}",
      description = "prune finished jobs, their output and history this long after they ended; 0 keeps them"
          + " for ever (default: 14d, or RELAYQ_RETENTION)")
  java.time.Duration retention;

  @Option(names = "--data", paramLabel = "DIR",
      description = "data directory; the store is DIR/" + EmbeddedCoordinator.DB_FILE + " (default: ~/.relayq/data)")
  Path data;

  /** The data directory: {@code --data}, else {@code ~/.relayq/data}. */
  Path dataDir(CliContext ctx) {
    return data != null ? data : ctx.relayqHome().resolve("data");
  }
}
