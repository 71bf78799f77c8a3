package io.relayq.store;

/** The answer to a call made under a lease. */
public enum Fenced {
  /** The lease is current; the call took effect. */
  ACCEPTED,
  /**
   * The attempt is not the job's current running attempt (the lease expired and the job moved on);
   * nothing changed.
   */
  STALE_LEASE,
  /** There is no such job; nothing changed. */
  NOT_FOUND
}
