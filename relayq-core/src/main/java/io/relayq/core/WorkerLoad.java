package io.relayq.core;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How loaded a worker's machine is, as the worker measured it, and whether that stops it claiming.
 *
 * @param cpuPercent CPU busy over the worker's recent window (about 10 s), 0-100; null when not
 *     measured yet
 * @param freeMemoryBytes memory available to new processes; null when unknown
 * @param paused why the worker takes no new work now (above its CPU threshold, under its memory
 *     floor), in plain words; null while it claims as usual
 */
public record WorkerLoad(Double cpuPercent, Long freeMemoryBytes, String paused) {
  /** The longest pause reason a coordinator stores. */
  public static final int MAX_PAUSED_LENGTH = 256;

  @JsonIgnore
  public boolean isPaused() {
    return paused != null;
  }
}
