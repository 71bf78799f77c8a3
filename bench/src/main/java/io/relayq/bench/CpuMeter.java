package io.relayq.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU seconds each process used during one phase, from {@code /proc}: shows on a shared 2-core
 * machine whether the coordinator, the workers or the harness itself is the one that is busy.
 */
final class CpuMeter {
  private final Map<String, List<Child>> groups;
  private final Map<Long, Double> startCpu = new LinkedHashMap<>();
  private final double startSelf;
  private final long startNanos = System.nanoTime();

  /** @param groups processes by the name they are reported under, like {@code workers} */
  CpuMeter(Map<String, List<Child>> groups) {
    this.groups = groups;
    groups.values().forEach(list -> list.forEach(c -> startCpu.put(c.pid(), cpu(c.pid()))));
    startSelf = ProcFs.cpuSeconds(ProcessHandle.current().pid());
  }

  /** One line: wall time, then CPU seconds per group, the harness and what was left over. */
  String summary() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double capacity = wall * Runtime.getRuntime().availableProcessors();
    List<String> parts = new ArrayList<>();
    double used = 0;
    for (var e : groups.entrySet()) {
      double sum = 0;
      for (Child c : e.getValue()) {
        sum += cpu(c.pid()) - startCpu.getOrDefault(c.pid(), 0.0);
      }
      used += sum;
      parts.add(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), sum));
    }
    double self = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - startSelf;
    used += self;
    parts.add(String.format(Locale.ROOT, "harness (clients) %.1f s", self));
    parts.add(String.format(Locale.ROOT, "left for everything else %.1f s", Math.max(0, capacity - used)));
    return String.format(Locale.ROOT, "CPU in %.1f s wall (%.1f core-seconds on %d cores): ", wall, capacity,
        Runtime.getRuntime().availableProcessors()) + String.join(", ", parts);
  }

  /** A process's own CPU plus that of the children it has reaped (a worker's jobs). */
  private static double cpu(long pid) {
    return ProcFs.cpuSeconds(pid) + ProcFs.childCpuSeconds(pid);
  }
}
