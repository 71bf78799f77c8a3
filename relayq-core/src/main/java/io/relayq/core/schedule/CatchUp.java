package io.relayq.core.schedule;

import java.util.Locale;

/** What a schedule does about ticks that passed while no coordinator was running to fire them. */
public enum CatchUp {
  /**
   * Missed ticks do not run; the schedule goes on at its next tick. A tick counts as missed when no
   * coordinator fired it within {@link FirePlan#GRACE} of its time. The default: a nightly backup
   * that missed its night should not start in the middle of the next day.
   */
  SKIP,
  /** When ticks were missed, one job runs as soon as a coordinator is back, then the schedule goes on. */
  ONCE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the values allowed
   */
  public static CatchUp fromWire(String s) {
    for (CatchUp c : values()) {
      if (c.wireName().equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown catch-up policy '" + s + "'; use skip or once");
  }
}
