package io.relayq.worker;

import io.relayq.core.OutputChannel;

/** Where a running attempt's output bytes go, in the order the process wrote them per stream. */
@FunctionalInterface
public interface OutputSink {

  /**
   * Takes {@code length} bytes of {@code data} from {@code offset}; the bytes are copied before this
   * returns, so the caller may reuse its buffer. May block while too much output is waiting to be
   * sent, which slows the job's writes down instead of filling the worker's memory.
   */
  void write(OutputChannel stream, byte[] data, int offset, int length);
}
