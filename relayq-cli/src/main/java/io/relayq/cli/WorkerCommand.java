package io.relayq.cli;

import io.relayq.cli.health.HealthEndpoint;
import io.relayq.cli.health.SystemdNotifier;
import io.relayq.cli.health.Verdict;
import io.relayq.cli.health.Watchdog;
import io.relayq.cli.health.WorkerLiveness;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
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
      "Under systemd (Type=notify) it reports READY=1 once registered and WATCHDOG=1",
      "only while its poll loop comes round; --health-port serves the same judgement",
      "at /healthz for liveness probes.",
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

  @Option(names = "--cpu-threshold", paramLabel = "PCT",
      description = "claim no new jobs while the machine's CPU load (over ~10 s) is above PCT percent; 0 turns it"
          + " off (default: " + LoadLimits.DEFAULT_CPU_THRESHOLD + ")")
  private Integer cpuThreshold;

  @Option(names = "--min-free-memory", paramLabel = "SIZE",
      description = "claim no new jobs while less memory than SIZE is available, like 512M or 2G (default: off)")
  private String minFreeMemory;

  @Option(names = "--load-probe", paramLabel = "FILE",
      description = "read the load from FILE instead of measuring it: lines cpu=PCT and free-memory=SIZE, each"
          + " optional, re-read every 2 s (for tests, or load a script measures better)")
  private Path loadProbe;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "serve GET /healthz on this port: 200 while the poll loop comes round, 503 when it is stuck"
          + " (0 picks a free port; default: no endpoint)")
  private Integer healthPort;

  @Option(names = "--health-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "address of the health endpoint (default: ${DEFAULT-VALUE}; 0.0.0.0 for Kubernetes probes)")
  private String healthBind;

  @Override
  protected int execute() {
    CompletableFuture<Void> stop = ctx().stopSignal().requested();
    ServerAddress server = server();
    WorkerConfig config = new WorkerSettings(name, labels, slots, nice, stateDir, drainTimeout, cpuThreshold, minFreeMemory,
        loadProbe)
        .toConfig(server.uris(), ctx().env(), ctx().config().worker(), ctx().relayqHome()).withToken(token())
        .withTls(tls());
    SystemdNotifier notifier = SystemdNotifier.fromEnvironment(ctx().env());
    try (HealthEndpoint health = startHealthEndpoint();
        WorkerAgent agent = AgentRun.start(config)) {
      WorkerLiveness liveness = new WorkerLiveness(agent::health, agent.pollStallLimit(), InstantSource.system());
      if (health != null) {
        health.serve(liveness);
      }
      String ready = "worker " + agent.name() + " takes jobs from " + server + ": " + config.slots()
          + (config.slots() == 1 ? " slot" : " slots") + ", labels " + String.join(",", agent.labels());
      notifier.ready(ready);
      Watchdog watchdog = Watchdog.start(notifier, liveness);
      try {
        ctx().out().println(ready + ". Ctrl-C drains it.");
        if (health != null) {
          ctx().out().println("health endpoint: http://" + hostForUrl(healthBind) + ":" + health.port()
              + HealthEndpoint.PATH);
        }
        ctx().out().flush();
        AgentRun.runUntilStopped(agent, config, stop, ctx(), notifier);
      } finally {
        watchdog.close();
      }
    }
    ctx().note("stopped");
    return ExitCodes.OK;
  }

  /** Listens before the worker registers, so a port in use fails at once; answers 503 "starting" until then. */
  private HealthEndpoint startHealthEndpoint() {
    if (healthPort == null) {
      return null;
    }
    if (healthPort < 0 || healthPort > 65535) {
      throw CliException.usage("--health-port " + healthPort + " is out of range 0..65535");
    }
    try {
      return HealthEndpoint.start(healthBind, healthPort, () -> Verdict.failing("starting",
          "registering with the coordinator", null));
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot serve the health endpoint on " + healthBind + ":" + healthPort
          + " (" + e.getMessage() + "): pick another --health-port, or 0 for any free one", e);
    }
  }

  private static String hostForUrl(String bind) {
    return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
  }
}
