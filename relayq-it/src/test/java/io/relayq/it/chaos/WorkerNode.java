package io.relayq.it.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code relayq worker} as a child JVM with its own state directory, so a restart comes back under
 * the same identity (same worker id, new incarnation), as a service manager would restart it.
 */
final class WorkerNode implements AutoCloseable {
  private final String name;
  private final Path stateDir;
  private final ChildJvm jvm;

  private WorkerNode(String name, Path stateDir, ChildJvm jvm) {
    this.name = name;
    this.stateDir = stateDir;
    this.jvm = jvm;
  }

  /** Starts {@code relayq worker --name NAME} against {@code server} with {@code token}, and {@code extraArgs}. */
  static WorkerNode start(Path dir, URI server, String token, String name, String... extraArgs) {
    return start(dir, List.of(server), token, name, extraArgs);
  }

  /** Starts {@code relayq worker --server A,B,...}: it fails over between {@code servers} in that order. */
  static WorkerNode start(Path dir, List<URI> servers, String token, String name, String... extraArgs) {
    Path home = dir.resolve("worker-" + name);
    Path stateDir = home.resolve("state");
    String server = String.join(",", servers.stream().map(URI::toString).toList());
    List<String> args = new ArrayList<>(List.of("worker", "--server", server, "--token", token, "--name", name,
        "--state-dir", stateDir.toString()));
    if (!List.of(extraArgs).contains("--cpu-threshold")) {
      // chaos runs load the machine on purpose: a load pause would hide what they test
      args.addAll(List.of("--cpu-threshold", "0"));
    }
    args.addAll(List.of(extraArgs));
    WorkerNode node = new WorkerNode(name, stateDir, ChildJvm.of("worker-" + name, home, args));
    node.jvm.start();
    return node;
  }

  String name() {
    return name;
  }

  Path stateDir() {
    return stateDir;
  }

  ChildJvm jvm() {
    return jvm;
  }

  /** SIGKILL: its jobs' process groups live on, its leases stay until they expire or it restarts. */
  void kill() {
    jvm.kill();
  }

  /** Starts it again under the same identity. */
  void restart() {
    jvm.start();
  }

  @Override
  public void close() {
    jvm.kill();
  }
}
