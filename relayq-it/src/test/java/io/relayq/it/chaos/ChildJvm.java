package io.relayq.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relayq command ({@code io.relayq.cli.Main}) in a JVM of its own, started from this test's class
 * path, that a test can kill for real: SIGKILL, SIGTERM, SIGSTOP and SIGCONT go to its pid. Its
 * output goes to a log file, appended across restarts.
 */
final class ChildJvm {
  private final String what;
  private final List<String> args;
  private final Path home;
  private final Path log;
  private Process process;

  private ChildJvm(String what, List<String> args, Path home, Path log) {
    this.what = what;
    this.args = args;
    this.home = home;
    this.log = log;
  }

  /** The {@code HOME} it runs with. */
  Path home() {
    return home;
  }

  /** A JVM that runs {@code relayq ARGS} with {@code HOME} at {@code home}; call {@link #start()}. */
  static ChildJvm of(String what, Path home, List<String> args) {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChildJvm(what, List.copyOf(args), home, home.resolve(what + ".log"));
  }

  /** Starts the JVM (again, after it ended); its output is appended to {@link #log()}. */
  ChildJvm start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(what + " is still running as pid " + process.pid());
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "io.relayq.cli.Main"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("RELAYQ_TOKEN");
    pb.environment().remove("RELAYQ_SERVER");
    try {
      Files.writeString(log, "---- start " + String.join(" ", args) + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + what, e);
    }
    return this;
  }

  String name() {
    return what;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone: it gets no chance to clean anything up. */
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(10);
    }
  }

  /** SIGTERM; returns at once. */
  void terminate() {
    process.destroy();
  }

  /** SIGSTOP: the process is frozen, its sockets stay open and silent. */
  void pause() {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to {@code seconds} for the process to end and returns its exit code. */
  int awaitExit(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError(what + " still running after " + seconds + " s; log:\n" + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The threads of the running JVM ({@code jcmd Thread.print}), to see where it waits. */
  String threadDump() {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path jcmd = Path.of(java).resolveSibling("jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "(no thread dump: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
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
