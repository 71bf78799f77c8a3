package io.relayq.worker;

import io.relayq.core.ByteSize;
import io.relayq.core.WorkerLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the machine's load every {@link #EVERY} and decides, against the {@link LoadLimits},
 * whether the worker may claim new work. Tells its listener when that flips, so the agent can stop
 * (or resume) asking for jobs and tell the coordinator at once.
 *
 * <p>The probe file, when set, is read at every sample: a {@code cpu=PCT} or
 * {@code free-memory=SIZE} line in it replaces that measured value. A missing file means "measure";
 * a line that does not parse is logged and ignored.
 */
final class LoadMonitor implements Runnable {
  static final Duration EVERY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(LoadMonitor.class);

  private final LoadLimits limits;
  private final MachineLoad machine = new MachineLoad();
  private final Runnable onPauseChange;
  private volatile WorkerLoad current;
  private volatile boolean stopping;
  private volatile Thread thread;
  private String lastProbeProblem;

  LoadMonitor(LoadLimits limits, Runnable onPauseChange) {
    this.limits = limits;
    this.onPauseChange = onPauseChange;
    this.current = measure();
  }

  /** The latest reading and whether it pauses the worker. */
  WorkerLoad current() {
    return current;
  }

  boolean paused() {
    return current.isPaused();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    while (!stopping) {
      try {
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      }
      WorkerLoad before = current;
      WorkerLoad now = measure();
      current = now;
      if (!Objects.equals(before.paused(), now.paused())) {
        if (now.isPaused()) {
          log.info("worker is {}: it takes no new jobs until the load is back under its limits", now.paused());
        } else {
          log.info("worker load is back under its limits ({}): it takes new jobs again", describe(now));
        }
        onPauseChange.run();
      }
    }
  }

  void stop() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private WorkerLoad measure() {
    Double cpu = machine.sampleCpu();
    Long free = machine.freeMemory();
    if (limits.probeFile() != null) {
      Probe p = readProbe(limits.probeFile());
      cpu = p.cpu() != null ? p.cpu() : cpu;
      free = p.freeMemory() != null ? p.freeMemory() : free;
    }
    if (cpu != null) {
      cpu = Math.round(cpu * 10) / 10.0;
    }
    return new WorkerLoad(cpu, free, limits.pausedReason(cpu, free));
  }

  private record Probe(Double cpu, Long freeMemory) {}

  private Probe readProbe(Path file) {
    Double cpu = null;
    Long free = null;
    String problem = null;
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : line.substring(eq + 1).strip();
        try {
          switch (key) {
            case "cpu" -> cpu = percent(value);
            case "free-memory" -> free = ByteSize.parse(value);
            default -> problem = "unknown line '" + line + "' (use cpu=PCT and free-memory=SIZE)";
          }
        } catch (IllegalArgumentException e) {
          problem = "line '" + line + "': " + e.getMessage();
        }
      }
    } catch (NoSuchFileException e) {
      // no override now: measure
    } catch (IOException e) {
      problem = "cannot read it: " + e.getMessage();
    }
    if (problem != null && !problem.equals(lastProbeProblem)) {
      log.warn("load probe file {}: {}; using the measured value instead", file, problem);
    }
    lastProbeProblem = problem;
    return new Probe(cpu, free);
  }

  private static double percent(String value) {
    try {
      double v = Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
      if (v >= 0 && v <= 100) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("'" + value + "' is not a percentage 0..100");
  }

  static String describe(WorkerLoad load) {
    return (load.cpuPercent() == null ? "CPU not measured yet" : String.format(Locale.ROOT, "CPU %.0f%%",
        load.cpuPercent())) + (load.freeMemoryBytes() == null ? "" : ", " + ByteSize.format(load.freeMemoryBytes())
        + " free");
  }
}
