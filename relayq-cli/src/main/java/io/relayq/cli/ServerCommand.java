package io.relayq.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code relayq server}: the coordinator alone, for workers that run elsewhere. */
@Command(
    name = "server",
    header = "Run the coordinator alone (workers run elsewhere).",
    description = {
      "Run the coordinator: the HTTP API and the durable queue in DIR/relayq.db.",
      "Workers connect with: relayq worker --server URL. Stops on Ctrl-C or SIGTERM.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class ServerCommand implements Callable<Integer> {
  @ParentCommand
  private RelayqCommand root;

  @Mixin
  private ServeOptions serve;

  @Option(names = "--db", paramLabel = "URL", description = "an external database (not available in this version)")
  private String db;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    if (db != null) {
      throw CliException.usage("--db: only the embedded SQLite store is available in this version; "
          + "leave out --db to keep the queue in " + UserDirs.display(serve.dataDir(ctx), ctx.env())
          + "/" + EmbeddedCoordinator.DB_FILE + " (or choose the directory with --data DIR)");
    }
    CompletableFuture<Void> stop = ctx.stopSignal().requested();
    try (EmbeddedCoordinator server = EmbeddedCoordinator.start(serve, ctx, "server")) {
      Exposure.warnIfOpen(ctx, serve.bind);
      ctx.out().println("relayq server listening on " + server.url() + " (store: "
          + UserDirs.display(server.dbFile(), ctx.env()) + "). Workers join with: "
          + ctx.prog() + " worker --server " + server.url());
      ctx.out().flush();
      stop.join();
      ctx.note("stopping");
    }
    ctx.note("stopped");
    return ExitCodes.OK;
  }
}
