package io.relayq.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures the machine's CPU load over a sliding window and its available memory. On Linux from
 * {@code /proc/stat} (busy time over the window, all CPUs) and {@code /proc/meminfo}
 * ({@code MemAvailable}: what new processes can get without swapping); elsewhere from the JVM's
 * operating system bean, averaged over the window. Not thread-safe: one sampler calls it.
 */
final class MachineLoad {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final Path PROC_MEMINFO = Path.of("/proc/meminfo");

  /** One reading of the counters: when, busy and total CPU ticks, or a load fraction where no counters exist. */
  private record Sample(long atNanos, long busy, long total, double load) {}

  private final Deque<Sample> window = new ArrayDeque<>();
  private final boolean proc = Files.isReadable(PROC_STAT);

  /** Takes a sample now; returns the CPU percent over the window so far, or null before two samples. */
  Double sampleCpu() {
    long now = System.nanoTime();
    Sample s = proc ? procSample(now) : beanSample(now);
    if (s == null) {
      return null;
    }
    window.addLast(s);
    // keep one sample at or before the window's start, so the span covers the whole window
    while (window.size() > 2 && now - second().atNanos() >= WINDOW_NANOS) {
      window.removeFirst();
    }
    if (window.size() < 2) {
      return null;
    }
    if (proc) {
      Sample first = window.getFirst();
      long total = s.total() - first.total();
      return total <= 0 ? null : clamp(100.0 * (s.busy() - first.busy()) / total);
    }
    return clamp(100.0 * window.stream().mapToDouble(Sample::load).average().orElse(0));
  }

  private Sample second() {
    var it = window.iterator();
    it.next();
    return it.next();
  }

  /** Memory available to new processes now, or null when it cannot be read. */
  Long freeMemory() {
    if (Files.isReadable(PROC_MEMINFO)) {
      try {
        for (String line : Files.readAllLines(PROC_MEMINFO)) {
          if (line.startsWith("MemAvailable:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        return null;
      }
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getFreeMemorySize();
    }
    return null;
  }

  private static Sample procSample(long now) {
    try (var lines = Files.lines(PROC_STAT)) {
      String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
      if (cpu == null) {
        return null;
      }
      List<Long> ticks = Arrays.stream(cpu.substring(4).trim().split("\\s+")).limit(8)
          .map(Long::parseLong).toList();
      long total = ticks.stream().mapToLong(Long::longValue).sum();
      // idle and iowait: the CPU had nothing to run
      long idle = ticks.get(3) + (ticks.size() > 4 ? ticks.get(4) : 0);
      return new Sample(now, total - idle, total, 0);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Sample beanSample(long now) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getCpuLoad();
      return load < 0 ? null : new Sample(now, 0, 0, load);
    }
    return null;
  }

  private static double clamp(double percent) {
    return Math.max(0, Math.min(100, percent));
  }
}
