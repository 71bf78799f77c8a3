package io.relayq.cli.health;

import io.relayq.worker.WorkerHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A worker agent is alive while its poll loop comes round: after a poll that returned work or
 * nothing, or one that failed and is being retried. A coordinator that is down therefore does not
 * make the worker unhealthy (restarting it would not help, and would kill its running jobs); a poll
 * loop that has not come round for longer than the stall limit is stuck, and a restart is the cure.
 * A draining worker is healthy: it must be left to finish its jobs.
 */
public final class WorkerLiveness implements HealthCheck {
  private final Supplier<WorkerHealth> health;
  private final Duration stallLimit;
  private final InstantSource clock;

  /**
   * @param health the agent's health, typically {@code agent::health}
   * @param stallLimit how long the loop may go without coming round, typically
   *     {@code agent.pollStallLimit()}
   * @param clock the clock the agent stamps its health with
   */
  public WorkerLiveness(Supplier<WorkerHealth> health, Duration stallLimit, InstantSource clock) {
    this.health = Objects.requireNonNull(health, "health");
    this.stallLimit = Objects.requireNonNull(stallLimit, "stallLimit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Verdict check() {
    WorkerHealth h = health.get();
    Instant now = clock.instant();
    if (h.draining()) {
      return Verdict.ok("draining", h);
    }
    if (!h.pollLoopProgressing(now, stallLimit)) {
      long silent = h.lastPollReturnedAt() == null ? -1 : Duration.between(h.lastPollReturnedAt(), now).toSeconds();
      return Verdict.failing("stalled", "the poll loop has not come round for " + (silent < 0 ? "ever" : silent + " s")
          + " (limit " + stallLimit.toSeconds() + " s, " + h.runningJobs() + " jobs running): the worker takes no"
          + " new work and needs a restart", h);
    }
    return Verdict.ok(h.registered() ? "ok" : "registering", h);
  }
}
