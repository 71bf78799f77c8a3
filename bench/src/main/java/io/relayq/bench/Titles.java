package io.relayq.bench;

import java.util.List;

/** The scenario titles, numbered as in issue 7, in the order the results show them. */
final class Titles {
  static final String SUBMIT = "1. Submit rate (no workers connected)";
  static final String DISPATCH = "1. Dispatch: drain of pre-submitted no-op jobs";
  static final String END_TO_END = "1. End to end: submit while workers run";
  static final String SHELL = "2. Shell jobs (/bin/true) against the raw spawn rate";
  static final String LATENCY_NOOP = "3. Latency, no-op jobs (immediate executor)";
  static final String LATENCY_SHELL = "3. Latency, shell jobs (/bin/true)";
  static final String RECOVERY = "4. Recovery from a SIGKILLed worker";
  static final String SCALE = "5. Scale: a large queue";
  static final String FOOTPRINT = "6. Footprint";
  static final String WAKEUP = "7. Wake-up across coordinators (PostgreSQL)";

  /** Every title that runs once per store. */
  static final List<String> PER_STORE = List.of(SUBMIT, DISPATCH, END_TO_END, SHELL, LATENCY_NOOP, LATENCY_SHELL,
      RECOVERY, SCALE);

  /** Every title in the order the results show them. */
  static final List<String> ORDER = List.of(SUBMIT, DISPATCH, END_TO_END, SHELL, LATENCY_NOOP, LATENCY_SHELL, RECOVERY,
      SCALE, FOOTPRINT, WAKEUP);

  private Titles() {}
}
