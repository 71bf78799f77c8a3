package io.relayq.bench;

import io.relayq.worker.JobExecutor;
import io.relayq.worker.ProcessJobExecutor;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerAgent;
import io.relayq.worker.WorkerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * A real worker agent ({@link WorkerAgent}) in a JVM of its own, with either the product's process
 * executor or {@link ImmediateExecutor}.
 *
 * <pre>
 * BenchWorker --server URL --name NAME --slots N --state-dir DIR --executor immediate|process [--gate]
 * </pre>
 *
 * <p>Prints {@code ready NAME} once registered. With {@code --gate} it first prints {@code armed}
 * (the JVM is up) and waits for a line on stdin before connecting, so several agents can start
 * draining at one known moment. Stops (closing the agent) on SIGTERM or when its parent process,
 * the harness, ends.
 */
public final class BenchWorker {
  private BenchWorker() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of("--server", "--token", "--name", "--slots", "--state-dir", "--executor"), Set.of("--gate"));
    WorkerConfig config = WorkerConfig.defaults(URI.create(args.required("--server"))).withLoadLimits(LoadLimits.OFF)
        .withToken(args.required("--token"))
        .withName(args.required("--name"))
        .withSlots(args.integer("--slots", 1))
        .withStateDir(Path.of(args.required("--state-dir")))
        .withDetectLabels(false);
    JobExecutor executor = switch (args.get("--executor", "immediate")) {
      case "immediate" -> new ImmediateExecutor();
      case "process" -> ProcessJobExecutor.of(config);
      default -> throw new IllegalArgumentException("--executor must be immediate or process");
    };
    exitWithParent();
    if (args.flag("--gate")) {
      System.out.println("armed");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    WorkerAgent agent = WorkerAgent.start(config, executor);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "bench-worker-stop"));
    System.out.println("ready " + agent.name());
    System.out.flush();
    agent.awaitStopped();
  }

  /** A harness that died must not leave agents behind. */
  private static void exitWithParent() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(3)));
  }
}
