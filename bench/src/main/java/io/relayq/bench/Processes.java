package io.relayq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts every process of the harness and stops them by pid, so nothing outlives a run: a stop
 * sends SIGTERM, waits, then SIGKILLs the process and whatever it had started (job processes of a
 * worker). Each start is also written to a pid file ({@code pid startTicks name} a line), which
 * {@code bench/run.sh} reads to clean up if this JVM itself is killed.
 */
final class Processes implements AutoCloseable {
  /** Variables that would point a child at the user's own relayq instead of the harness's. */
  private static final List<String> USER_VARIABLES = List.of("RELAYQ_SERVER", "RELAYQ_TOKEN", "RELAYQ_CONFIG",
      "RELAYQ_JAVA_OPTS", "RELAYQ_WORKER_NAME", "RELAYQ_WORKER_LABELS", "RELAYQ_WORKER_SLOTS", "RELAYQ_WORKER_NICE",
      "RELAYQ_WORKER_STATE_DIR", "JAVA_TOOL_OPTIONS");

  private final Path logDir;
  private final Path pidFile;
  private final Map<String, String> env;
  private final List<Child> started = new CopyOnWriteArrayList<>();
  private final List<ProcessHandle> orphans = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> names = new HashMap<>();

  /**
   * @param home the {@code HOME} of every child, so none reads or writes the user's {@code ~/.relayq}
   */
  Processes(Path logDir, Path pidFile, Path home) throws IOException {
    this.logDir = Files.createDirectories(logDir);
    this.pidFile = pidFile;
    Files.createDirectories(home);
    Files.deleteIfExists(pidFile);
    Map<String, String> e = new HashMap<>(System.getenv());
    USER_VARIABLES.forEach(e::remove);
    e.put("HOME", home.toString());
    this.env = Map.copyOf(e);
  }

  /** The environment of every child: the user's, with {@code HOME} set to the harness's own. */
  Map<String, String> childEnv() {
    return env;
  }

  /**
   * Starts {@code command} with its output in {@code <logDir>/<name>.log} (a number is added when
   * the name was used before).
   */
  Child start(String name, List<String> command) {
    String unique = uniqueName(name);
    Path log = logDir.resolve(unique + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + unique + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
    Child child = new Child(unique, p, log);
    started.add(child);
    recordPid(child);
    return child;
  }

  /** Runs {@code command} to its end and returns its exit code; its output goes to a log as for {@link #start}. */
  int run(String name, List<String> command, Duration timeout) throws InterruptedException {
    Child c = start(name, command);
    if (!c.awaitExit(timeout)) {
      stop(c, Duration.ZERO);
      throw new BenchException(c + " did not finish within " + timeout.toSeconds() + " s; its log: " + c.log());
    }
    return c.process().exitValue();
  }

  /**
   * Stops a child: SIGTERM, then SIGKILL after {@code grace}; processes it had started that are
   * still alive then are SIGKILLed too.
   */
  void stop(Child child, Duration grace) throws InterruptedException {
    stopAll(List.of(child), grace);
  }

  /** Stops several children at once: SIGTERM to all, then each gets {@code grace} to end. */
  void stopAll(List<Child> children, Duration grace) throws InterruptedException {
    List<ProcessHandle> descendants = new ArrayList<>();
    for (Child c : children) {
      descendants.addAll(c.process().descendants().toList());
      if (c.alive()) {
        c.process().destroy();
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Child c : children) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!c.awaitExit(left)) {
        c.process().destroyForcibly();
        c.awaitExit(Duration.ofSeconds(5));
      }
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGKILLs a child at once, as a crash would. The processes it had started live on as orphans,
   * as they would after a real crash; they are killed when the harness closes, if still alive.
   */
  void crash(Child child) throws InterruptedException {
    orphans.addAll(child.process().descendants().toList());
    child.process().destroyForcibly();
    child.awaitExit(Duration.ofSeconds(5));
  }

  /** Stops every child still running and every orphan; safe to call twice. */
  @Override
  public void close() {
    List<Child> alive = new ArrayList<>(started.stream().filter(Child::alive).toList());
    try {
      stopAll(alive, Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      alive.forEach(c -> c.process().destroyForcibly());
      Thread.currentThread().interrupt();
    }
    orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private synchronized String uniqueName(String name) {
    int n = names.merge(name, 1, Integer::sum);
    return n == 1 ? name : name + "-" + n;
  }

  private synchronized void recordPid(Child child) {
    String line = child.pid() + " " + ProcFs.startTicks(child.pid()) + " " + child.name() + "\n";
    try {
      Files.writeString(pidFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pid file " + pidFile, e);
    }
  }
}
