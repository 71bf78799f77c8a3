package io.relayq.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the harness started: its stdout and stderr go to one log file, which is how the
 * harness learns that it is ready ({@link #awaitLine}). Stopped only through {@link Processes}.
 */
final class Child {
  private static final int TAIL_LINES = 15;

  private final String name;
  private final Process process;
  private final Path log;

  Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /**
   * Waits until a line of the log matches {@code pattern} and returns the match.
   *
   * @throws BenchException when the process ends first or the line does not come within
   *     {@code timeout}; the message has the end of the log
   */
  Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String line : lines()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive()) {
        throw new BenchException(name + " exited with code " + process.exitValue() + " before printing '"
            + pattern + "'; the end of its log " + log + ":\n" + tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException(name + " did not print '" + pattern + "' within " + timeout.toSeconds()
            + " s; the end of its log " + log + ":\n" + tail());
      }
      Thread.sleep(20);
    }
  }

  /** Writes one line to the process's standard input. */
  void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the standard input of " + name + " (pid " + pid() + ")", e);
    }
  }

  /** Waits up to {@code timeout} for the process to end; true when it has. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last lines of the log, for error messages. */
  String tail() {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
  }

  private List<String> lines() {
    try {
      // decoded leniently: a job's stray bytes in a log must not hide the line we wait for
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
