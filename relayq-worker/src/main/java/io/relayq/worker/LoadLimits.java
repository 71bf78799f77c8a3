package io.relayq.worker;

import io.relayq.core.ByteSize;
import java.nio.file.Path;
import java.util.Locale;

/**
 * When a worker stops claiming new jobs because its machine is busy. Jobs it already runs go on;
 * it claims again by itself once the load is back under the limits.
 *
 * @param cpuThresholdPercent claim nothing while CPU load (over about 10 s) is above this; 1-100,
 *     or 0 for no CPU limit. Default {@value #DEFAULT_CPU_THRESHOLD}
 * @param minFreeMemoryBytes claim nothing while less memory than this is available; 0 for no limit
 *     (the default)
 * @param probeFile a file whose {@code cpu=PCT} and {@code free-memory=SIZE} lines replace the
 *     measured values (each line on its own), for tests and for load that a script measures better;
 *     null to measure only
 */
public record LoadLimits(int cpuThresholdPercent, long minFreeMemoryBytes, Path probeFile) {
  public static final int DEFAULT_CPU_THRESHOLD = 80;
  /** The defaults: pause above 80 % CPU, no memory floor, measured load. */
  public static final LoadLimits DEFAULT = new LoadLimits(DEFAULT_CPU_THRESHOLD, 0, null);
  /** No limits: the worker claims whatever its load (it still reports the load). */
  public static final LoadLimits OFF = new LoadLimits(0, 0, null);

  public LoadLimits {
    if (cpuThresholdPercent < 0 || cpuThresholdPercent > 100) {
      throw new IllegalArgumentException("cpu threshold must be 1..100 (percent), or 0 for none, got "
          + cpuThresholdPercent);
    }
    if (minFreeMemoryBytes < 0) {
      throw new IllegalArgumentException("min free memory must be 0 (none) or more, got " + minFreeMemoryBytes);
    }
  }

  public LoadLimits withCpuThreshold(int percent) {
    return new LoadLimits(percent, minFreeMemoryBytes, probeFile);
  }

  public LoadLimits withMinFreeMemory(long bytes) {
    return new LoadLimits(cpuThresholdPercent, bytes, probeFile);
  }

  public LoadLimits withProbeFile(Path file) {
    return new LoadLimits(cpuThresholdPercent, minFreeMemoryBytes, file);
  }

  /** Why a machine with this reading must not take new work, or null when it may. */
  String pausedReason(Double cpuPercent, Long freeMemoryBytes) {
    if (cpuThresholdPercent > 0 && cpuPercent != null && cpuPercent > cpuThresholdPercent) {
      return String.format(Locale.ROOT, "above its CPU threshold (load %.0f%%, threshold %d%%)", cpuPercent,
          cpuThresholdPercent);
    }
    if (minFreeMemoryBytes > 0 && freeMemoryBytes != null && freeMemoryBytes < minFreeMemoryBytes) {
      return "under its free memory floor (" + ByteSize.format(freeMemoryBytes) + " free, floor "
          + ByteSize.format(minFreeMemoryBytes) + ")";
    }
    return null;
  }
}
