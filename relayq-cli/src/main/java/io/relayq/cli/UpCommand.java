package io.relayq.cli;

import io.relayq.client.TlsTrust;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code relayq up}: coordinator, embedded store and one local worker in one process. */
@Command(
    name = "up",
    header = "Run relayq here: coordinator, store and a local worker.",
    description = {
      "Run everything in one process: the coordinator, its SQLite store in",
      "DIR/relayq.db, and a worker named after this host with one slot per CPU.",
      "Ctrl-C or SIGTERM drains the worker (up to --drain-timeout) and stops cleanly.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class UpCommand implements Callable<Integer> {
  @ParentCommand
  private RelayqCommand root;

  @Mixin
  private ServeOptions serve;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "on stop, how long to wait for running jobs before stopping them (default: 60s)")
  private Duration drainTimeout;

  @Override
  public Integer call() {
    CliContext ctx = root.ctx();
    CompletableFuture<Void> stop = ctx.stopSignal().requested();
    try (EmbeddedCoordinator server = EmbeddedCoordinator.start(serve, ctx, "up")) {
      // The local worker is the only one and shares its machine with the coordinator and whatever the
      // person trying relayq runs: pausing on load would only leave jobs waiting with nowhere else to go.
      WorkerConfig config = WorkerConfig.defaults(server.url()).withStateDir(serve.dataDir(ctx).resolve("worker"))
          .withToken(server.localWorkerToken()).withLoadLimits(LoadLimits.OFF);
      if (server.tls() != null) {
        config = config.withTls(TlsTrust.pinned(server.tls().certificate()));
      }
      if (drainTimeout != null) {
        config = config.withDrainTimeout(drainTimeout);
      }
      try (WorkerAgent agent = AgentRun.start(config)) {
        Exposure.warnIfOpen(ctx, serve.bind);
        printReady(ctx, server, agent, config);
        AgentRun.runUntilStopped(agent, config, stop, ctx);
      }
    }
    ctx.note("stopped");
    return ExitCodes.OK;
  }

  private static void printReady(CliContext ctx, EmbeddedCoordinator server, WorkerAgent agent, WorkerConfig config) {
    String url = server.url().toString();
    String serverFlag = url.equals(ServerAddress.DEFAULT) ? "" : " --server " + url;
    if (server.tls() != null) {
      serverFlag += " --ca-file CA.pem";
    }
    ctx.out().println("relayq is up at " + url + " (store " + server.storeName()
        + ", local worker " + agent.name() + " with " + config.slots() + (config.slots() == 1 ? " slot" : " slots") + ")");
    ctx.out().println("try: " + ctx.prog() + " run" + serverFlag + " -- echo SUCCESS      stop: Ctrl-C");
    if (server.tls() != null) {
      ctx.out().println("(HTTPS with " + server.tls().describe() + "; CA.pem is the CA that signed it, or "
          + server.tls().certFile() + " itself when it is self-signed)");
    }
    ctx.out().flush();
  }
}
