package io.relayq.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * What a worker agent can say about its own health, for a service manager's watchdog or a health
 * endpoint. Liveness is about the poll loop: it keeps going round (a poll came back with work or
 * empty, failed and is being retried, or was abandoned because a slot freed up) even while the
 * coordinator is down, so a loop that has not come round for longer than
 * {@link WorkerAgent#pollStallLimit()} is stuck, and restarting the worker is the cure.
 *
 * @param registered whether the coordinator knows this worker now: false before the first hello
 *     answer, while a new hello is needed (the coordinator forgot it), and once the agent stopped
 * @param lastPollReturnedAt when a poll last came back in any of the ways above; the moment of
 *     registration until the first one does
 * @param lastHeartbeatOkAt when the coordinator last answered a heartbeat; null until it first did
 * @param draining whether the agent takes no more work (drain, close, or superseded)
 * @param runningJobs how many jobs run a process now
 */
public record WorkerHealth(
    boolean registered, Instant lastPollReturnedAt, Instant lastHeartbeatOkAt, boolean draining, int runningJobs) {

  /**
   * Whether the poll loop came round within {@code limit} before {@code now}; pass
   * {@link WorkerAgent#pollStallLimit()} unless there is a reason to be stricter.
   */
  public boolean pollLoopProgressing(Instant now, Duration limit) {
    return lastPollReturnedAt != null && Duration.between(lastPollReturnedAt, now).compareTo(limit) <= 0;
  }
}
