package io.relayq.cli;

import io.relayq.cli.health.ServerReadiness;
import io.relayq.cli.health.SystemdNotifier;
import io.relayq.cli.health.Watchdog;
import io.relayq.client.TlsTrust;
import io.relayq.store.postgres.PostgresJobStore;
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
      "Run the coordinator: the HTTP API and the durable queue in DIR/relayq.db,",
      "or in PostgreSQL with --db postgresql://user@host:5432/db (password from",
      "RELAYQ_DB_PASSWORD, RELAYQ_DB_PASSWORD_FILE or ~/.pgpass). Several servers may share one database.",
      "Workers connect with: relayq worker --server URL. Stops on Ctrl-C or SIGTERM.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class ServerCommand implements Callable<Integer> {
  @ParentCommand
  private RelayqCommand root;

  @Mixin
  private ServeOptions serve;

  @Option(names = "--db", paramLabel = "URL",
      description = "keep the queue in PostgreSQL (postgresql://user@host:5432/db) instead of DIR/relayq.db")
  private String db;

  @Option(names = "--db-pool", paramLabel = "N", defaultValue = "" + PostgresJobStore.DEFAULT_POOL_SIZE,
      description = "with --db: the most database connections this server holds, 1.."
          + ServerCommand.MAX_DB_POOL + " (default: ${DEFAULT-VALUE}), plus one for wake-ups; each server has its own")
  private int dbPool;

  static final int MAX_DB_POOL = 200;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    CompletableFuture<Void> stop = ctx.stopSignal().requested();
    SystemdNotifier notifier = SystemdNotifier.fromEnvironment(ctx.env());
    if (dbPool < 1 || dbPool > MAX_DB_POOL) {
      throw CliException.usage("--db-pool " + dbPool + " is out of range 1.." + MAX_DB_POOL
          + " (" + PostgresJobStore.DEFAULT_POOL_SIZE + " suits most; the database's max_connections must cover every"
          + " server's pool)");
    }
    try (EmbeddedCoordinator server = EmbeddedCoordinator.start(serve, ctx, "server", db, dbPool)) {
      Watchdog watchdog = Watchdog.start(notifier,
          new ServerReadiness(ServerReadiness.localBase(server.url().getScheme(), serve.bind, server.url().getPort()),
              server.tls() == null ? null : TlsTrust.pinned(server.tls().certificate())));
      try {
        Exposure.warnIfOpen(ctx, serve.bind);
        notifier.ready("serving on " + server.url());
        ctx.out().println("relayq server listening on " + server.url() + " (store: "
            + server.storeName() + "). Workers join with: "
            + ctx.prog() + " worker --server " + server.url()
            + (server.tls() == null ? "" : " --ca-file CA.pem (the CA that signed " + server.tls().describe()
                + "; not needed when a CA the system trusts signed it)"));
        ctx.out().flush();
        stop.join();
        notifier.stopping("stopping");
        ctx.note("stopping");
      } finally {
        watchdog.close();
      }
    }
    ctx.note("stopped");
    return ExitCodes.OK;
  }
}
