package io.relayq.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A job that leaves tracks a test can read: it appends its attempt number to {@code starts} and its
 * shell's pid to {@code pids}, waits until the file {@code gate} exists, prints what it was told to,
 * and appends its attempt number to {@code ends}. So a test decides when the job finishes, and can
 * count how often it started and how often it ran to the end.
 */
record GatedJob(Path dir) {

  static GatedJob in(Path parent, String name) {
    try {
      return new GatedJob(Files.createDirectories(parent.resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shell command: prints {@code output} (a shell snippet) once the gate opens. */
  String command(String output) {
    return "cd '" + dir + "' && echo $RELAYQ_ATTEMPT >> starts && echo $$ >> pids"
        + " && while [ ! -f gate ]; do sleep 0.05; done && " + output + " && echo $RELAYQ_ATTEMPT >> ends";
  }

  void open() {
    try {
      Files.createFile(dir.resolve("gate"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean started() {
    return Files.exists(dir.resolve("pids"));
  }

  List<String> starts() {
    return lines("starts");
  }

  List<String> ends() {
    return lines("ends");
  }

  /** The pid of the shell of each attempt that started. */
  List<Long> pids() {
    return lines("pids").stream().map(Long::parseLong).toList();
  }

  private List<String> lines(String file) {
    try {
      Path p = dir.resolve(file);
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
