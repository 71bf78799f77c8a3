package io.relayq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the figures were measured on: cores, memory, CPU, JDK, the commit of the code, when, and how
 * busy the machine was (the load average when the run started; other work on a 2-core machine
 * changes every figure).
 */
record Machine(int cores, String memory, String cpu, String jdk, String commit, Instant date, double loadAtStart) {

  static Machine describe(Path root, Path java) {
    return new Machine(Runtime.getRuntime().availableProcessors(), readMemory(), readCpu(), readJdk(java), readCommit(root),
        Instant.now().truncatedTo(ChronoUnit.SECONDS), ProcFs.loadAverage());
  }

  private static String readMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D+", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "%.1f GiB (JVM view)", Runtime.getRuntime().maxMemory() / 1e9);
  }

  private static String readCpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String readJdk(Path java) {
    String out = output(List.of(java.toString(), "-version"), null);
    return out.isBlank() ? System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        : String.join("; ", out.lines().limit(2).map(String::trim).toList());
  }

  private static String readCommit(Path root) {
    String head = output(List.of("git", "rev-parse", "--short", "HEAD"), root).trim();
    if (head.isEmpty()) {
      return "unknown (not a git checkout)";
    }
    String changes = output(List.of("git", "status", "--porcelain", "--untracked-files=no"), root).trim();
    return changes.isEmpty() ? head : head + " with uncommitted changes";
  }

  private static String output(List<String> command, Path dir) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "";
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
