package io.relayq.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A worker agent in a JVM of its own, started from this test's class path. */
final class WorkerProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private WorkerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code relayq worker} with {@code token} in {@code RELAYQ_TOKEN}, as a service would get it. */
  static WorkerProcess start(URI server, String token, String name, Path stateDir, List<String> extraArgs)
      throws IOException {
    return start(server, token, name, stateDir, extraArgs, java.util.Map.of());
  }

  /** Like {@link #start(URI, String, String, Path, List)}, with {@code env} set in the worker's environment. */
  static WorkerProcess start(URI server, String token, String name, Path stateDir, List<String> extraArgs,
      java.util.Map<String, String> env) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.relayq.cli.Main",
        "worker", "--server", server.toString(), "--name", name, "--state-dir", stateDir.toString()));
    if (!extraArgs.contains("--cpu-threshold")) {
      // the suite keeps both cores busy: a load pause would make every test wait at random
      cmd.addAll(List.of("--cpu-threshold", "0"));
    }
    cmd.addAll(extraArgs);
    Path log = stateDir.resolve("worker.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("RELAYQ_TOKEN", token);
    pb.environment().putAll(env);
    Process p = pb.start();
    return new WorkerProcess(name, p, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the worker gets no chance to release anything. */
  void kill() {
    process.destroyForcibly();
    waitFor(10);
  }

  /** SIGTERM: the worker drains. */
  void terminate() {
    process.destroy();
  }

  int waitFor(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("worker " + name + " still running after " + seconds + " s; log:\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
