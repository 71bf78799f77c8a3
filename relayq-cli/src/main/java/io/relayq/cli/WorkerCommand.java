package io.relayq.cli;

import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relayq worker}: a worker agent that pulls jobs from a coordinator until it is stopped. */
@Command(
    name = "worker",
    header = "Run a worker: pull jobs from a coordinator and run them.",
    description = {
      "Run a worker agent. It connects out to the coordinator (so it works behind NAT),",
      "runs up to --slots jobs at once as child processes at low priority, and streams",
      "their output back. Ctrl-C or SIGTERM drains it: it takes no new jobs and waits",
      "for running ones (up to --drain-timeout), then exits 0.",
      "Each setting comes from its flag, else its RELAYQ_WORKER_* variable, else the",
      "worker: section of ~/.relayq/config.yml, else its default.",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class WorkerCommand extends ClientCommand {
  @Option(names = "--name", paramLabel = "NAME",
      description = "its name in the cluster, unique (default: the host name)")
  private String name;

  @Option(names = "--labels", paramLabel = "LABELS", split = ",", converter = Converters.LabelConverter.class,
      description = "labels jobs can ask for, comma-separated, like light,arm (os:, arch: and has: labels are added)")
  private List<String> labels;

  @Option(names = "--slots", paramLabel = "N", description = "jobs it runs at once (default: the number of CPUs)")
  private Integer slots;

  @Option(names = "--nice", paramLabel = "N", description = "niceness jobs run at, -20..19 (default: "
      + WorkerConfig.DEFAULT_NICE + ")")
  private Integer nice;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "where it keeps its identity (default: ~/.relayq/worker)")
  private Path stateDir;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "on stop, how long to wait for running jobs before stopping them (default: 60s)")
  private Duration drainTimeout;

  @Override
  protected int execute() {
    CompletableFuture<Void> stop = ctx().stopSignal().requested();
    ServerAddress server = server();
    WorkerConfig config = new WorkerSettings(name, labels, slots, nice, stateDir, drainTimeout)
        .toConfig(server.uri(), ctx().env(), ctx().config().worker(), ctx().relayqHome());
    try (WorkerAgent agent = AgentRun.start(config)) {
      ctx().out().println("worker " + agent.name() + " takes jobs from " + server + ": " + config.slots()
          + (config.slots() == 1 ? " slot" : " slots") + ", labels " + String.join(",", agent.labels())
          + ". Ctrl-C drains it.");
      ctx().out().flush();
      AgentRun.runUntilStopped(agent, config, stop, ctx());
    }
    ctx().note("stopped");
    return ExitCodes.OK;
  }
}
