package io.relayq.bench;

import java.time.Duration;

/**
 * How big each scenario is. {@link #full()} is what the issue asks for; {@link #quick()} is a smoke
 * test of every scenario in under two minutes, whose figures are too small to compare with the
 * targets (the results say so).
 *
 * @param singleClientSubmits jobs submitted by one client, one per call
 * @param concurrentSubmits jobs submitted by {@code submitClients} clients at once
 * @param dispatchAgents worker agents draining the pre-submitted jobs (every submit run above)
 * @param dispatchSlots slots of each of them
 * @param endToEndJobs jobs submitted while the agents run
 * @param shellJobs {@code /bin/true} jobs through the process executor
 * @param shellSlots slots of the one agent running them, and threads of the raw spawn loop
 * @param latencyRounds sequential submit-and-wait round trips per kind of job
 * @param recoveryJob how long the job of the recovery scenario sleeps
 * @param recoveryKillAfter when into that job its worker is SIGKILLed
 * @param recoveryLease the job's lease TTL, or null for the default (15 s)
 * @param scaleQueued jobs bulk-loaded before the large-queue measurement
 * @param scaleLoadBudget the longest that loading may take; fewer jobs are loaded when it runs out
 * @param scaleBaseline jobs queued for the comparison figures
 * @param claimSamples claims timed at each queue size
 * @param scaleSubmits jobs submitted (8 clients) at each queue size
 * @param helpRuns runs of {@code relayq --help}
 * @param idle how long a process sits idle before its memory is read
 * @param submitBudget the longest one submit run may take; it stops early with fewer jobs
 * @param drainBudget the longest a drain is watched; a drain cut short is measured on what finished
 * @param latencyBudget the longest one series of round trips may take
 * @param probeBudget the longest the claim probe takes at one queue size
 *
 * <p>The budgets keep a run bounded however slow the product is (a full run under 10 minutes on 2
 * cores); the results say whenever one ran out and what was measured instead.
 */
record Profile(
    String name,
    int singleClientSubmits,
    int concurrentSubmits,
    int submitClients,
    int dispatchAgents,
    int dispatchSlots,
    int endToEndJobs,
    int shellJobs,
    int shellSlots,
    int latencyRounds,
    Duration recoveryJob,
    Duration recoveryKillAfter,
    String recoveryLease,
    int scaleQueued,
    Duration scaleLoadBudget,
    int scaleBaseline,
    int claimSamples,
    int scaleSubmits,
    int helpRuns,
    Duration idle,
    Duration submitBudget,
    Duration drainBudget,
    Duration latencyBudget,
    Duration probeBudget) {

  static Profile full() {
    return new Profile("full", 2_000, 18_000, 8, 4, 4, 10_000, 2_000, 8, 300,
        Duration.ofSeconds(6), Duration.ofSeconds(2), null,
        1_000_000, Duration.ofSeconds(90), 1_000, 300, 4_000, 10, Duration.ofSeconds(5),
        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(10));
  }

  static Profile quick() {
    return new Profile("quick", 100, 900, 8, 4, 4, 500, 100, 8, 30,
        Duration.ofSeconds(2), Duration.ofSeconds(1), "2s",
        200_000, Duration.ofSeconds(10), 1_000, 30, 200, 3, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  boolean isQuick() {
    return name.equals("quick");
  }

  /** Jobs submitted first and not timed, so the coordinator's code is compiled when timing starts. */
  int warmUpJobs() {
    return isQuick() ? 100 : 500;
  }

}
