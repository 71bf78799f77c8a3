package io.relayq.cli;

import io.relayq.core.ByteSize;
import io.relayq.core.Labels;
import io.relayq.worker.LoadLimits;
import io.relayq.worker.WorkerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code relayq worker}, each taken from its flag, else its {@code RELAYQ_WORKER_*}
 * variable, else the {@code worker:} section of the config file, else its default. Bad values are
 * usage errors that name where they came from.
 *
 * @param name {@code --name}
 * @param labels {@code --labels}
 * @param slots {@code --slots}
 * @param nice {@code --nice}
 * @param stateDir {@code --state-dir}
 * @param drainTimeout {@code --drain-timeout}
 * @param cpuThreshold {@code --cpu-threshold}
 * @param minFreeMemory {@code --min-free-memory}, as given
 * @param loadProbe {@code --load-probe}
 */
record WorkerSettings(String name, List<String> labels, Integer slots, Integer nice, Path stateDir, Duration drainTimeout,
    Integer cpuThreshold, String minFreeMemory, Path loadProbe) {
  static final String NAME_ENV = "RELAYQ_WORKER_NAME";
  static final String LABELS_ENV = "RELAYQ_WORKER_LABELS";
  static final String SLOTS_ENV = "RELAYQ_WORKER_SLOTS";
  static final String NICE_ENV = "RELAYQ_WORKER_NICE";
  static final String STATE_DIR_ENV = "RELAYQ_WORKER_STATE_DIR";
  static final String CPU_THRESHOLD_ENV = "RELAYQ_WORKER_CPU_THRESHOLD";
  static final String MIN_FREE_MEMORY_ENV = "RELAYQ_WORKER_MIN_FREE_MEMORY";
  static final String LOAD_PROBE_ENV = "RELAYQ_WORKER_LOAD_PROBE";

  WorkerSettings(String name, List<String> labels, Integer slots, Integer nice, Path stateDir, Duration drainTimeout) {
    this(name, labels, slots, nice, stateDir, drainTimeout, null, null, null);
  }

  /** Fills what the flags left out from the environment, then the config file, then the defaults. */
  WorkerConfig toConfig(List<URI> servers, Map<String, String> env, CliConfig.Worker file, Path relayqHome) {
    WorkerConfig c = WorkerConfig.defaults(servers).withStateDir(relayqHome.resolve("worker"));
    String n = firstOf(name, text(env, NAME_ENV), file.name());
    List<String> l = firstOf(labels, labelList(env), file.labels());
    Integer s = firstOf(slots, number(env, SLOTS_ENV), file.slots());
    Integer p = firstOf(nice, number(env, NICE_ENV), file.nice());
    String dir = firstOf(stateDir == null ? null : stateDir.toString(), text(env, STATE_DIR_ENV), file.stateDir());
    Integer cpu = firstOf(cpuThreshold, number(env, CPU_THRESHOLD_ENV), file.cpuThreshold());
    String memory = firstOf(minFreeMemory, text(env, MIN_FREE_MEMORY_ENV), file.minFreeMemory());
    String probe = firstOf(loadProbe == null ? null : loadProbe.toString(), text(env, LOAD_PROBE_ENV));
    try {
      if (n != null) {
        c = c.withName(n);
      }
      if (l != null) {
        c = c.withLabels(Labels.normalize(l));
      }
      if (s != null) {
        c = c.withSlots(s);
      }
      if (p != null) {
        c = c.withNice(p);
      }
      if (dir != null) {
        c = c.withStateDir(expandHome(dir, relayqHome));
      }
      if (drainTimeout != null) {
        c = c.withDrainTimeout(drainTimeout);
      }
      LoadLimits load = c.load();
      if (cpu != null) {
        load = load.withCpuThreshold(cpu);
      }
      if (memory != null) {
        load = load.withMinFreeMemory(memorySize(memory));
      }
      if (probe != null) {
        load = load.withProbeFile(Path.of(probe));
      }
      c = c.withLoadLimits(load);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("worker settings: " + e.getMessage());
    }
    return c;
  }

  @SafeVarargs
  private static <T> T firstOf(T... candidates) {
    for (T c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static String text(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static List<String> labelList(Map<String, String> env) {
    String v = text(env, LABELS_ENV);
    return v == null ? null : split(v, LABELS_ENV);
  }

  private static List<String> split(String value, String source) {
    List<String> out = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    try {
      out.forEach(Labels::check);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(source + ": " + e.getMessage());
    }
    return out;
  }

  private static Integer number(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw CliException.usage(name + ": '" + v + "' is not a whole number");
    }
  }

  private static long memorySize(String text) {
    if (text.equals("0") || text.equalsIgnoreCase("off")) {
      return 0;
    }
    try {
      return ByteSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("min free memory: " + e.getMessage() + " (or 0 / off for no floor)");
    }
  }

  /** {@code ~/x} in a config file or variable means the user's home, as it would in a shell. */
  private static Path expandHome(String dir, Path relayqHome) {
    if (dir.equals("~") || dir.startsWith("~/")) {
      return relayqHome.getParent().resolve(dir.equals("~") ? "" : dir.substring(2));
    }
    return Path.of(dir);
  }
}
