package io.relayq.worker;

import java.util.OptionalLong;

/** One attempt started by a {@link JobExecutor}. Thread-safe. */
public interface RunningAttempt {

  /**
   * Blocks until the attempt is over: the process exited (or was killed and its whole process
   * group is gone) and its output was handed to the sink. Enforces the job's timeout. Call once.
   */
  AttemptResult await() throws InterruptedException;

  /**
   * Kills the attempt's process group (TERM, then KILL after the grace period) and returns at once;
   * {@link #await()} then returns the result for {@code reason}. Only the first call counts, so a
   * cancel that races a timeout is reported once. Does nothing once the attempt is over.
   */
  void kill(KillReason reason);

  /**
   * The id of the process group the attempt runs in, so that a later start of the worker can kill
   * it should this worker die first; empty when it runs no process of its own.
   */
  default OptionalLong processGroup() {
    return OptionalLong.empty();
  }

  /** An attempt that is already over with {@code result}: it never started, or ran in no time. */
  static RunningAttempt completed(AttemptResult result) {
    return new RunningAttempt() {
      @Override
      public AttemptResult await() {
        return result;
      }

      @Override
      public void kill(KillReason reason) {
        // nothing runs
      }
    };
  }
}
