package io.relayq.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The process group of one attempt, addressed by its id (the pid of the attempt's first process,
 * which made itself a session leader). Signals go through the {@code kill} program, since the JDK
 * can signal single processes only.
 */
final class ProcessGroup {
  private static final Path PROC = Path.of("/proc");
  private static final boolean HAS_PROC = Files.isRegularFile(Path.of("/proc/self/stat"));
  private static final Duration KILL_PROGRAM_TIMEOUT = Duration.ofSeconds(5);

  private final long pgid;

  ProcessGroup(long pgid) {
    this.pgid = pgid;
  }

  long id() {
    return pgid;
  }

  /** Sends {@code signal} (TERM, KILL, 0) to every process of the group; false when none got it. */
  boolean signal(String signal) {
    ProcessBuilder pb = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process kill = pb.start();
      if (!kill.waitFor(KILL_PROGRAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the kill program to signal process group " + pgid
          + ": " + e.getMessage() + " (is kill on the worker's PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether a process of the group still runs. Zombies do not count: they are dead and wait only to
   * be reaped, which an init that reaps lazily may not do for seconds. Where {@code /proc} exists
   * it is read directly; elsewhere {@code kill -0} answers (and counts zombies).
   */
  boolean hasLiveMembers() {
    if (!HAS_PROC) {
      return signal("0");
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessGroup::isPidDir)) {
      for (Path dir : entries) {
        if (isLiveMember(dir.resolve("stat"))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return signal("0");
    }
  }

  private static boolean isPidDir(Path p) {
    String name = p.getFileName().toString();
    return !name.isEmpty() && Character.isDigit(name.charAt(0));
  }

  private boolean isLiveMember(Path stat) {
    try {
      StatLine line = StatLine.parse(Files.readString(stat));
      return line.pgrp() == pgid && line.state() != 'Z' && line.state() != 'X';
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException | RuntimeException unreadable) {
      return false;
    }
  }

  /**
   * The fields of {@code /proc/<pid>/stat} this class needs. The command name in parentheses may
   * hold spaces and parentheses, so fields are counted from the last closing parenthesis.
   */
  record StatLine(char state, long pgrp, long startTime) {
    static StatLine parse(String text) {
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return new StatLine(f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
    }
  }

  /**
   * When process {@code pid} started, in clock ticks since boot ({@code /proc/<pid>/stat} field
   * 22): with the pid it names one process for good, since pids are reused but never at the same
   * start time. Empty when the process is gone (or a zombie) or there is no {@code /proc}.
   */
  static OptionalLong startTime(long pid) {
    if (!HAS_PROC) {
      return OptionalLong.empty();
    }
    try {
      StatLine line = StatLine.parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
      return line.state() == 'Z' || line.state() == 'X' ? OptionalLong.empty() : OptionalLong.of(line.startTime());
    } catch (IOException | RuntimeException gone) {
      return OptionalLong.empty();
    }
  }
}
