package io.relayq.cli.health;

/**
 * Judges whether a process is working. Called from the watchdog and the health endpoint, each on
 * its own thread; must be cheap, must not block for long and must never throw.
 */
@FunctionalInterface
public interface HealthCheck {
  /** The judgement as of now. */
  Verdict check();
}
