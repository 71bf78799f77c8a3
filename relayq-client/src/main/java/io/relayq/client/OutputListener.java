package io.relayq.client;

import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;

/**
 * Receives a followed job's output and state changes, in arrival order, on the thread that called
 * {@link RelayqClient#follow}. An exception thrown here ends the follow and reaches its caller.
 */
@FunctionalInterface
public interface OutputListener {

  /**
   * Bytes a job wrote.
   *
   * @param attempt the attempt that wrote them; a retried job's later attempts follow earlier ones
   * @param seq the position in the job's output stream; pass the last one seen as {@code afterSeq}
   *     to resume without repeating anything
   */
  void onOutput(int attempt, OutputChannel stream, long seq, byte[] data);

  /** The job changed state (leased, re-queued). The default ignores it. */
  default void onState(JobView job) {}
}
