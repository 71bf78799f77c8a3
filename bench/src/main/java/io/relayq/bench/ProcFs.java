package io.relayq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What Linux's {@code /proc} says about a process: resident memory, CPU time, start time. Every
 * reader returns empty (or 0) for a process that is gone or on a system without {@code /proc}, so
 * a missing figure never breaks a scenario.
 */
final class ProcFs {
  /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcFs() {}

  /** {@code VmRSS} in KiB: the pages of the process in memory, shared ones included. */
  static OptionalLong rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** {@code Pss} in KiB: resident memory with shared pages split among their users. */
  static OptionalLong pssKb(long pid) {
    return fieldOf(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
  }

  /** CPU seconds the process used itself (user + system), its waited-for children not included. */
  static double cpuSeconds(long pid) {
    String[] f = statFields(pid);
    if (f == null) {
      return 0;
    }
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** CPU seconds of the children the process has waited for: the jobs a worker ran. */
  static double childCpuSeconds(long pid) {
    String[] f = statFields(pid);
    if (f == null) {
      return 0;
    }
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
  }

  /** The start time in clock ticks since boot: with the pid, it names one process for good. */
  static long startTicks(long pid) {
    String[] f = statFields(pid);
    return f == null ? -1 : Long.parseLong(f[19]);
  }

  /** The 1-minute load average, or NaN. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The fields of {@code /proc/PID/stat} after the command name, which may hold spaces: index 0
   * is the state (field 3 of proc(5)), so field N of proc(5) is at index N - 3.
   */
  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static OptionalLong statusField(long pid, String name) {
    return fieldOf(Path.of("/proc", Long.toString(pid), "status"), name);
  }

  private static OptionalLong fieldOf(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return OptionalLong.of(Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone, or this is not Linux
    }
    return OptionalLong.empty();
  }
}
